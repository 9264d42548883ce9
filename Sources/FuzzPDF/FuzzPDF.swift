// libFuzzer entry for the pdf reader. Build and run with `.ci/fuzz pdf SECONDS` (docs/fuzzing.md);
// built normally it replays the files or folders given as arguments.
import FuzzSupport
import APXDecode

func fuzzOne(_ data: UnsafeRawBufferPointer) {
    let path = FuzzDriver.scratchFile(data, suffix: ".pdf")
    _ = try? PDFMetadataReader.info(path: path)
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("FuzzPDF_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
        fuzzOne(UnsafeRawBufferPointer(start: bytes, count: count))
        return 0
    }
}
#else
@main
struct Replay {
    static func main() {
        let n = FuzzDriver.replay(Array(CommandLine.arguments.dropFirst())) { fuzzOne($0) }
        print("replayed \(n) input(s) through the pdf reader without a crash")
    }
}
#endif
