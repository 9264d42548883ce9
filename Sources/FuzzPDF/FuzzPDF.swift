// libFuzzer entry for the pdf reader. Build and run with `.ci/fuzz pdf SECONDS` (docs/fuzzing.md);
// built normally it replays the files or folders given as arguments.
import FuzzSupport
import APXDecode

func fuzzOne(_ data: UnsafeRawBufferPointer) {
    let path = FuzzDriver.scratchFile(data, suffix: ".pdf")
    _ = try? PDFMetadataReader.info(path: path)
}

#if FUZZING
@_cdecl("FuzzPDF_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.libFuzzer(argc, argv, fuzzOne)
}
#else
@main
struct Replay {
    static func main() { FuzzDriver.replayMain("pdf", fuzzOne) }
}
#endif
