import APXCore
import Flate
import Foundation

/// Where ZIP bytes go: a file being written, or only a hash (to fix a package's digest
/// before it is written).
public protocol ZipSink {
    mutating func write(_ bytes: [UInt8]) throws
}

public struct HashSink: ZipSink {
    public private(set) var hasher = SHA256()
    public private(set) var count: Int64 = 0
    public init() {}
    public mutating func write(_ bytes: [UInt8]) throws {
        hasher.update(bytes)
        count += Int64(bytes.count)
    }
}

/// Writes to an open file descriptor and hashes what it wrote.
public struct FileSink: ZipSink {
    let handle: FileHandle
    public private(set) var hasher = SHA256()
    public init(handle: FileHandle) { self.handle = handle }
    public mutating func write(_ bytes: [UInt8]) throws {
        try handle.write(contentsOf: Data(bytes))
        hasher.update(bytes)
    }
}

public struct ZipError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// A ZIP writer (PKWARE APPNOTE 6.3): local headers, deflated or stored entries, CRC-32,
/// central directory, end record; names flagged UTF-8 (bit 11). Refuses what would need
/// ZIP64 (an entry or offset ≥ 4 GiB, 65,535 entries or more), absolute names and `..`.
public struct ZipWriter<Sink: ZipSink> {
    public private(set) var sink: Sink
    private var offset: Int64 = 0
    private var central: [UInt8] = []
    private var entries = 0
    private let dosTime: UInt16
    private let dosDate: UInt16

    /// `timestamp` (`yyyy-MM-ddTHH:mm:ss…`) is every entry's modification time.
    public init(sink: Sink, timestamp: String) {
        self.sink = sink
        let c = Array(timestamp.utf8)
        func n(_ r: Range<Int>) -> Int { Int(String(decoding: c[r], as: UTF8.self)) ?? 0 }
        let y = c.count >= 19 ? n(0..<4) : 1980, mo = c.count >= 19 ? n(5..<7) : 1, d = c.count >= 19 ? n(8..<10) : 1
        let h = c.count >= 19 ? n(11..<13) : 0, mi = c.count >= 19 ? n(14..<16) : 0, s = c.count >= 19 ? n(17..<19) : 0
        dosTime = UInt16(h << 11 | mi << 5 | s / 2)
        dosDate = UInt16(max(0, y - 1980) << 9 | mo << 5 | d)
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"),
              !name.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            throw ZipError(message: "entry name \(name) is not a relative path")
        }
    }

    private mutating func emit(_ bytes: [UInt8]) throws {
        try sink.write(bytes)
        offset += Int64(bytes.count)
    }

    private func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
    private func le32(_ v: Int64) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24 & 0xff)] }

    private mutating func header(name: [UInt8], method: Int, crc: UInt32, compressed: Int64, size: Int64) throws {
        guard compressed < 0xFFFF_FFFF, size < 0xFFFF_FFFF, offset < 0xFFFF_FFFF, entries < 0xFFFF else {
            throw ZipError(message: "package would need ZIP64")
        }
        let localOffset = offset
        var local: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0x0800) + le16(method)
        local += le16(Int(dosTime)) + le16(Int(dosDate)) + le32(Int64(crc)) + le32(compressed) + le32(size)
        local += le16(name.count) + le16(0) + name
        try emit(local)
        var entry: [UInt8] = [0x50, 0x4B, 0x01, 0x02] + le16(3 << 8 | 20) + le16(20) + le16(0x0800) + le16(method)
        entry += le16(Int(dosTime)) + le16(Int(dosDate)) + le32(Int64(crc)) + le32(compressed) + le32(size)
        entry += le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(Int64(0o100644) << 16) + le32(localOffset) + name
        central += entry
        entries += 1
    }

    /// A deflated entry from memory.
    public mutating func add(name: String, data: [UInt8]) throws {
        try ZipWriter.checkName(name)
        let packed = try Flate.deflate(data, container: .raw)
        try header(name: Array(name.utf8), method: 8, crc: Flate.crc32(data), compressed: Int64(packed.count), size: Int64(data.count))
        try emit(packed)
    }

    /// A stored entry copied from a file in 1 MiB chunks (a first pass computes its CRC);
    /// the file must still have `expectedSHA256`.
    public mutating func addFile(name: String, path: String, expectedSHA256: String) throws {
        try ZipWriter.checkName(name)
        // `path` is in escaped form: archived documents keep their partners' name bytes.
        let fd = RawPath.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ZipError(message: "cannot read \(path)") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var crc: UInt32 = 0
        var size: Int64 = 0
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            let bytes = [UInt8](chunk)
            crc = Flate.crc32(bytes, seed: crc)
            hasher.update(bytes)
            size += Int64(bytes.count)
        }
        guard hasher.finalizeHex() == expectedSHA256 else {
            throw ZipError(message: "\(path) no longer has the SHA-256 it was received with")
        }
        try header(name: Array(name.utf8), method: 0, crc: crc, compressed: size, size: size)
        try handle.seek(toOffset: 0)
        var copied: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            copied += Int64(chunk.count)
            try emit([UInt8](chunk))
        }
        guard copied == size else { throw ZipError(message: "\(path) changed while it was packed") }
    }

    /// Central directory and end record.
    public mutating func finish() throws {
        let start = offset
        guard start < 0xFFFF_FFFF, Int64(central.count) < 0xFFFF_FFFF else { throw ZipError(message: "package would need ZIP64") }
        try emit(central)
        var end: [UInt8] = [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries) + le16(entries)
        end += le32(Int64(central.count)) + le32(start) + le16(0)
        try emit(end)
    }
}
