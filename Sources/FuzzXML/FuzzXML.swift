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
@_cdecl("FuzzXML_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.libFuzzer(argc, argv, fuzzOne)
}
#else
@main
struct Replay {
    static func main() { FuzzDriver.replayMain("xml", fuzzOne) }
}
#endif
