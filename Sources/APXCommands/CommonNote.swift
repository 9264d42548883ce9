import Foundation

extension Common {
    /// The `--note` a decision must carry: not empty or blank, else a usage error saying why.
    static func requiredNote(_ arguments: Arguments, because why: String) throws -> String {
        guard let note = arguments.value("note"), !note.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw UsageError("--note TEXT is required: \(why)")
        }
        return note
    }
}
