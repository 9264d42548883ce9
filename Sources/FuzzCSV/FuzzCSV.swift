// libFuzzer entry for the csv reader. Build and run with `.ci/fuzz csv SECONDS` (docs/fuzzing.md);
// built normally it replays the files or folders given as arguments.
import FuzzSupport
import APXDecode
import APXDomain

func fuzzOne(_ data: UnsafeRawBufferPointer) {
    let path = FuzzDriver.scratchFile(data, suffix: ".csv")
    for encoding in ["GB18030", "UTF-8"] {
        if let reader = try? CSVReader(path: path, defaultEncoding: encoding, maxFieldBytes: 4096, maxFileBytes: 1 << 20) {
            while (try? reader.next()) ?? nil != nil {}
        }
    }
    try? SourceFormats.tzxmCSV(path: path, options: ReadOptions(encoding: "GB18030", maxFieldBytes: 4096)) { record in
        _ = UnitList.parse(record["JSDW"] ?? "")
    }
}

#if FUZZING
@_cdecl("FuzzCSV_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzDriver.libFuzzer(argc, argv, fuzzOne)
}
#else
@main
struct Replay {
    static func main() { FuzzDriver.replayMain("csv", fuzzOne) }
}
#endif
