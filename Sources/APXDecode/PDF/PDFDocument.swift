import APXCore
import Flate
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads the document information dictionary of a PDF without loading the document:
/// header, `startxref`, classic xref tables and xref streams (PNG predictors), object
/// streams, incremental updates through `/Prev` (newest revision wins). The file is
/// memory-mapped and only the pages touched are read; every size and count that comes
/// from the file is checked before it is used, and inflation is capped.
final class PDFDocument {
    enum Entry { case offset(Int), compressed(stream: Int, index: Int), free }

    static let maxSections = 100
    static let maxInflated = 16 << 20
    static let maxObjectsInStream = 100_000
    static let maxResolutions = 10_000

    let data: Data
    private(set) var entries: [Int: Entry] = [:]
    private(set) var trailer: [String: PDFObject] = [:]
    private var objectStreams: [Int: (offsets: [Int: Int], bytes: [UInt8])] = [:]
    private var resolving: Set<Int> = []
    private var resolutions = 0

    init(path: String) throws {
        guard let mapped = PDFDocument.map(path) else { throw PDFFailure.format("cannot read the file") }
        data = mapped
        try readStructure()
    }

    /// The file at the escaped `path` (`RawPath`), memory-mapped read-only.
    static func map(_ path: String) -> Data? {
        let fd = RawPath.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        if size == 0 { return Data() }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        return Data(bytesNoCopy: base, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
    }

    private func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try data.withUnsafeBytes(body)
    }

    // MARK: Structure

    private func readStructure() throws {
        try withBytes { b in
            let head = b.prefix(1024)
            guard find(Array("%PDF-".utf8), in: UnsafeRawBufferPointer(rebasing: head)) != nil else {
                throw PDFFailure.format("no %PDF- header")
            }
        }
        var offset: Int? = try startXRef()
        var visited: Set<Int> = []
        var sections = 0
        while let current = offset {
            guard !visited.contains(current) else { break }   // a /Prev loop ends the chain
            visited.insert(current)
            sections += 1
            guard sections <= PDFDocument.maxSections else { throw PDFFailure.format("too many xref sections") }
            let sectionTrailer = try readSection(at: current)
            if case .int(let stm)? = sectionTrailer["XRefStm"], stm >= 0, !visited.contains(stm) {
                visited.insert(stm)
                _ = try readSection(at: stm)
            }
            for (k, v) in sectionTrailer where trailer[k] == nil && k != "Prev" && k != "XRefStm" { trailer[k] = v }
            if case .int(let prev)? = sectionTrailer["Prev"] { offset = prev } else { offset = nil }
        }
        if trailer.isEmpty { throw PDFFailure.format("no trailer") }
    }

    private func startXRef() throws -> Int {
        try withBytes { b in
            let tailStart = max(0, b.count - 2048)
            let tail = UnsafeRawBufferPointer(rebasing: b[tailStart...])
            guard let at = findLast(Array("startxref".utf8), in: tail) else {
                throw PDFFailure.format("no startxref (truncated?)")
            }
            var p = PDFParser(bytes: b, pos: tailStart + at + 9)
            guard case .int(let offset) = try p.parseObject(), offset >= 0, offset < b.count else {
                throw PDFFailure.format("startxref offset outside the file")
            }
            return offset
        }
    }

    /// Reads one xref section (table or stream) at `offset`; entries already known from a
    /// newer section are kept. Returns the section's trailer dictionary.
    private func readSection(at offset: Int) throws -> [String: PDFObject] {
        guard offset >= 0, offset < data.count else { throw PDFFailure.format("xref offset outside the file") }
        return try withBytes { b in
            var p = PDFParser(bytes: b, pos: offset)
            p.skipWhiteAndComments()
            let save = p.pos
            if p.regularToken() == "xref" {
                return try readTable(&p)
            }
            p.pos = save
            let object = try parseIndirect(at: save, bytes: b)
            guard case .stream(let dict, let range) = object, dict["Type"]?.name == "XRef" else {
                throw PDFFailure.format("no xref at the offset given")
            }
            try readXRefStream(dict: dict, raw: range)
            return dict
        }
    }

    private func readTable(_ p: inout PDFParser) throws -> [String: PDFObject] {
        while true {
            p.skipWhiteAndComments()
            let save = p.pos
            let token = p.regularToken()
            if token == "trailer" {
                guard case .dict(let d) = try p.parseObject() else { throw PDFFailure.format("trailer is not a dictionary") }
                return d
            }
            guard let start = Int(token), start >= 0 else {
                p.pos = save
                throw PDFFailure.format("bad xref subsection")
            }
            p.skipWhiteAndComments()
            guard let count = Int(p.regularToken()), count >= 0, count <= (p.end - p.pos) / 18 + 1 else {
                throw PDFFailure.format("xref subsection count out of range")
            }
            for i in 0..<count {
                p.skipWhiteAndComments()
                guard let off = Int(p.regularToken()) else { throw PDFFailure.format("bad xref entry") }
                p.skipWhiteAndComments()
                _ = p.regularToken()
                p.skipWhiteAndComments()
                let kind = p.regularToken()
                let number = start + i
                if entries[number] == nil {
                    entries[number] = kind == "n" ? .offset(off) : .free
                }
            }
        }
    }

    private func readXRefStream(dict: [String: PDFObject], raw: Range<Int>) throws {
        let bytes = try decodeStream(dict: dict, raw: raw)
        guard case .array(let wArray)? = dict["W"], wArray.count == 3 else { throw PDFFailure.format("xref stream without /W") }
        let w = wArray.map { $0.int ?? -1 }
        guard w.allSatisfy({ (0...8).contains($0) }), w.reduce(0, +) > 0 else { throw PDFFailure.format("bad /W") }
        let rowLength = w.reduce(0, +)
        var index: [Int] = []
        if case .array(let idx)? = dict["Index"] { index = idx.map { $0.int ?? -1 } }
        else { index = [0, dict["Size"]?.int ?? 0] }
        guard index.count % 2 == 0, index.allSatisfy({ $0 >= 0 }) else { throw PDFFailure.format("bad /Index") }
        var row = 0
        for pair in stride(from: 0, to: index.count, by: 2) {
            let start = index[pair], count = index[pair + 1]
            guard count <= bytes.count / rowLength + 1 else { throw PDFFailure.format("/Index larger than the stream") }
            for i in 0..<count {
                let base = row * rowLength
                guard base + rowLength <= bytes.count else { throw PDFFailure.format("xref stream too short") }
                func field(_ k: Int, _ from: Int) -> Int {
                    var v = 0
                    for j in 0..<w[k] { v = v << 8 | Int(bytes[base + from + j]) }
                    return v
                }
                let type = w[0] == 0 ? 1 : field(0, 0)
                let f2 = field(1, w[0]), f3 = field(2, w[0] + w[1])
                let number = start + i
                if entries[number] == nil {
                    switch type {
                    case 0: entries[number] = .free
                    case 1: entries[number] = .offset(f2)
                    case 2: entries[number] = .compressed(stream: f2, index: f3)
                    default: break
                    }
                }
                row += 1
            }
        }
    }

    // MARK: Objects

    /// Parses `n g obj … endobj` at `offset`; a stream's data range is checked against the file.
    private func parseIndirect(at offset: Int, bytes b: UnsafeRawBufferPointer) throws -> PDFObject {
        var p = PDFParser(bytes: b, pos: offset)
        p.skipWhiteAndComments()
        guard Int(p.regularToken()) != nil else { throw PDFFailure.format("no object at offset \(offset)") }
        p.skipWhiteAndComments()
        guard Int(p.regularToken()) != nil else { throw PDFFailure.format("no object at offset \(offset)") }
        try p.expectKeyword("obj")
        let object = try p.parseObject()
        p.skipWhiteAndComments()
        let save = p.pos
        guard case .dict(let dict) = object, p.regularToken() == "stream" else {
            p.pos = save
            return object
        }
        if p.peek() == 0x0D { p.pos += 1 }
        if p.peek() == 0x0A { p.pos += 1 }
        let start = p.pos
        var length = -1
        switch dict["Length"] {
        case .int(let n)?: length = n
        case .ref(let n, _)?: if case .int(let v) = try resolve(number: n) { length = v }
        default: break
        }
        if length < 0 || length > b.count - start {
            // Absurd or missing /Length: fall back to the `endstream` keyword, bounded by the file.
            guard let at = find(Array("endstream".utf8), in: UnsafeRawBufferPointer(rebasing: b[start...])) else {
                throw PDFFailure.format("stream without a usable /Length or endstream")
            }
            length = at
        }
        return .stream(dict, start..<(start + length))
    }

    func resolve(_ object: PDFObject) throws -> PDFObject {
        if case .ref(let n, _) = object { return try resolve(number: n) }
        return object
    }

    func resolve(number: Int) throws -> PDFObject {
        resolutions += 1
        guard resolutions <= PDFDocument.maxResolutions else { throw PDFFailure.format("too many object look-ups") }
        guard !resolving.contains(number) else { throw PDFFailure.format("object \(number) refers to itself") }
        resolving.insert(number)
        defer { resolving.remove(number) }
        switch entries[number] {
        case .offset(let offset)?:
            guard offset >= 0, offset < data.count else { throw PDFFailure.format("object offset outside the file") }
            return try withBytes { try parseIndirect(at: offset, bytes: $0) }
        case .compressed(let stream, let index)?:
            return try objectFromStream(stream, index: index, number: number)
        default:
            return .null
        }
    }

    private func objectFromStream(_ stream: Int, index: Int, number: Int) throws -> PDFObject {
        if objectStreams[stream] == nil {
            guard case .stream(let dict, let raw) = try resolve(number: stream), dict["Type"]?.name == "ObjStm" else {
                throw PDFFailure.format("object stream \(stream) missing")
            }
            guard let n = dict["N"]?.int, let first = dict["First"]?.int, n >= 0, first >= 0 else {
                throw PDFFailure.format("object stream without /N or /First")
            }
            guard n <= PDFDocument.maxObjectsInStream else { throw PDFFailure.format("object stream claims \(n) objects") }
            let bytes = try decodeStream(dict: dict, raw: raw)
            guard first <= bytes.count else { throw PDFFailure.format("/First beyond the object stream") }
            var offsets: [Int: Int] = [:]
            try bytes.withUnsafeBytes { b in
                var p = PDFParser(bytes: b, pos: 0, end: first)
                for _ in 0..<n {
                    guard case .int(let num) = try p.parseObject(), case .int(let off) = try p.parseObject(),
                          off >= 0, first + off < bytes.count else { throw PDFFailure.format("bad object stream header") }
                    offsets[num] = first + off
                }
            }
            objectStreams[stream] = (offsets, bytes)
        }
        guard let (offsets, bytes) = objectStreams[stream], let at = offsets[number] else { return .null }
        return try bytes.withUnsafeBytes { b in
            var p = PDFParser(bytes: b, pos: at)
            return try p.parseObject()
        }
    }

    // MARK: Streams

    func decodeStream(dict: [String: PDFObject], raw: Range<Int>) throws -> [UInt8] {
        guard raw.lowerBound >= 0, raw.upperBound <= data.count else { throw PDFFailure.format("stream outside the file") }
        var bytes = [UInt8](data[raw])
        var filters: [String] = []
        switch try resolve(dict["Filter"] ?? .null) {
        case .name(let n): filters = [n]
        case .array(let a): filters = a.compactMap(\.name)
        default: break
        }
        var parms: [PDFObject] = []
        switch try resolve(dict["DecodeParms"] ?? .null) {
        case .array(let a): parms = a
        case .dict(let d): parms = [.dict(d)]
        default: break
        }
        for (i, filter) in filters.enumerated() {
            guard filter == "FlateDecode" || filter == "Fl" else { throw PDFFailure.format("unsupported filter \(filter)") }
            do {
                bytes = try Flate.inflate(bytes, container: .zlib, limit: PDFDocument.maxInflated)
            } catch {
                throw PDFFailure.format("stream does not inflate: \(error)")
            }
            if i < parms.count, case .dict(let p) = parms[i] {
                bytes = try PDFDocument.unpredict(bytes, parms: p)
            }
        }
        return bytes
    }

    /// Undoes a PNG (10–15) or TIFF (2) predictor.
    static func unpredict(_ data: [UInt8], parms: [String: PDFObject]) throws -> [UInt8] {
        let predictor = parms["Predictor"]?.int ?? 1
        if predictor <= 1 { return data }
        let colors = parms["Colors"]?.int ?? 1, bpc = parms["BitsPerComponent"]?.int ?? 8
        let columns = parms["Columns"]?.int ?? 1
        guard (1...4).contains(colors), [1, 2, 4, 8, 16].contains(bpc), (1...1 << 20).contains(columns) else {
            throw PDFFailure.format("bad predictor parameters")
        }
        let bpp = max(1, colors * bpc / 8)
        let rowLength = (colors * bpc * columns + 7) / 8
        if predictor == 2 {
            guard bpc == 8 else { throw PDFFailure.format("TIFF predictor needs 8 bits") }
            var out = data
            for r in stride(from: 0, to: out.count, by: rowLength) {
                for i in (r + bpp)..<min(r + rowLength, out.count) { out[i] = out[i] &+ out[i - bpp] }
            }
            return out
        }
        var out: [UInt8] = []
        out.reserveCapacity(data.count)
        var previous = [UInt8](repeating: 0, count: rowLength)
        var i = 0
        while i < data.count {
            let type = data[i]
            i += 1
            var row = [UInt8](repeating: 0, count: rowLength)
            for j in 0..<rowLength {
                let x = i + j < data.count ? data[i + j] : 0
                let left = j >= bpp ? row[j - bpp] : 0
                let up = previous[j]
                let upLeft = j >= bpp ? previous[j - bpp] : 0
                switch type {
                case 0: row[j] = x
                case 1: row[j] = x &+ left
                case 2: row[j] = x &+ up
                case 3: row[j] = x &+ UInt8((Int(left) + Int(up)) / 2)
                case 4:
                    let p = Int(left) + Int(up) - Int(upLeft)
                    let pa = abs(p - Int(left)), pb = abs(p - Int(up)), pc = abs(p - Int(upLeft))
                    row[j] = x &+ (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft)
                default: throw PDFFailure.format("bad PNG filter type \(type)")
                }
            }
            i += rowLength
            out += row
            previous = row
        }
        return out
    }
}

func find(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
    guard needle.count <= haystack.count, let first = needle.first else { return nil }
    var i = 0
    while i + needle.count <= haystack.count {
        if haystack[i] == first {
            var j = 1
            while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
            if j == needle.count { return i }
        }
        i += 1
    }
    return nil
}

func findLast(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    var i = haystack.count - needle.count
    while i >= 0 {
        var j = 0
        while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
        if j == needle.count { return i }
        i -= 1
    }
    return nil
}
