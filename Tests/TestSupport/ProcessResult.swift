extension APXProcess.Result {
    /// A result of `apx` started some other way (e.g. as another user).
    public init(exitStatus: Int32, stdout: String, stderr: String) {
        self.init(status: exitStatus, stdout: stdout, stderr: stderr)
    }
}
