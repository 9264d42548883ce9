// libFuzzer entry for the xml reader. Build and run with `.ci/fuzz xml SECONDS` (docs/fuzzing.md);
// built normally it replays the files or folders given as arguments.
import FuzzSupport
import XMLStream
import APXDecode

func fuzzOne(_ data: UnsafeRawBufferPointer) {
    if let reader = try? XMLStreamReader(memory: data, limits: XMLLimits(maxDepth: 64, maxTextBytes: 1 << 16)) {
        var events = 0
        while events < 100_000, (try? reader.next()) != nil { events += 1 }
    }
    let path = FuzzDriver.scratchFile(data, suffix: ".xml")
    _ = try? SourceFormats.sgt(path: path, options: ReadOptions())
    try? SourceFormats.tzxmXML(path: path, options: ReadOptions()) { _ in }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

@_cdecl("FuzzXML_main")
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
        print("replayed \(n) input(s) through the xml reader without a crash")
    }
}
#endif
