import CZlib

#if canImport(Glibc)
    import Glibc
#endif

/// Streams the lines of a plain, gzip or BGZF file as raw bytes, in 1 MiB chunks through zlib.
///
/// Lines are handed over without the trailing `\n` (a trailing `\r` is removed too). Memory stays
/// bounded by the chunk size plus the longest line, which is capped at ``maximumLineLength``.
struct LineReader {
    let path: String
    /// A line longer than this is refused as binary junk or a broken file (64 MiB).
    var maximumLineLength = 64 << 20

    init(path: String) { self.path = path }

    /// Calls `body` with each line's bytes and its 1-based number.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        guard let file = gzopen(path, "rb") else {
            throw InputError(file: path, line: nil, "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        defer { gzclose(file) }
        gzbuffer(file, 1 << 17)
        let chunkSize = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var carry: [UInt8] = []
        var lineNumber = 0

        func emit(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            lineNumber += 1
            var count = bytes.count
            if count > 0 && bytes[count - 1] == 0x0D { count -= 1 }
            try body(UnsafeBufferPointer(rebasing: bytes[0..<count]), lineNumber)
        }

        while true {
            let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(chunkSize)) }
            if n < 0 {
                var errnum: Int32 = 0
                let message = String(cString: gzerror(file, &errnum))
                throw InputError(
                    file: path, line: lineNumber + 1,
                    "the compressed data is corrupt (\(message)); re-create or re-download the file")
            }
            if n == 0 {
                // zlib returns 0 both at a clean end and at a truncated gzip member.
                var errnum: Int32 = 0
                _ = gzerror(file, &errnum)
                if errnum != Z_OK && errnum != Z_STREAM_END {
                    throw InputError(file: path, line: lineNumber + 1, "the gzip stream is truncated; re-create or re-download the file")
                }
                if gzdirect(file) == 0 && gzeof(file) == 0 {
                    throw InputError(file: path, line: lineNumber + 1, "the gzip stream ended early; re-create or re-download the file")
                }
                break
            }
            try buffer.withUnsafeBufferPointer { chunk in
                var start = 0
                let end = Int(n)
                while start < end {
                    guard let found = memchr(chunk.baseAddress! + start, 0x0A, end - start) else { break }
                    let i = chunk.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if carry.isEmpty {
                        try emit(UnsafeBufferPointer(rebasing: chunk[start..<i]))
                    } else {
                        carry.append(contentsOf: chunk[start..<i])
                        try carry.withUnsafeBufferPointer { try emit($0) }
                        carry.removeAll(keepingCapacity: true)
                    }
                    start = i + 1
                }
                if start < end { carry.append(contentsOf: chunk[start..<end]) }
                if carry.count > maximumLineLength {
                    throw InputError(
                        file: path, line: lineNumber + 1,
                        "line is longer than \(maximumLineLength >> 20) MiB; this is not a text table (binary or broken file)")
                }
            }
        }
        if !carry.isEmpty { try carry.withUnsafeBufferPointer { try emit($0) } }
    }

    /// Reads the first `limit` bytes (decompressed), for format detection.
    func head(_ limit: Int = 64 << 10) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw InputError(file: path, line: nil, "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        defer { gzclose(file) }
        var buffer = [UInt8](repeating: 0, count: limit)
        let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(limit)) }
        if n < 0 { throw InputError(file: path, line: 1, "the compressed data is corrupt; re-create or re-download the file") }
        return Array(buffer.prefix(Int(n)))
    }
}

/// Small byte helpers for the parsers' hot paths.
enum Bytes {
    static let tab = UInt8(ascii: "\t")
    static let semicolon = UInt8(ascii: ";")
    static let equals = UInt8(ascii: "=")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let hash = UInt8(ascii: "#")

    /// Splits on one separator byte into slices (no copying).
    @inline(__always)
    static func split(_ line: UnsafeBufferPointer<UInt8>, on separator: UInt8, into fields: inout [Slice<UnsafeBufferPointer<UInt8>>]) {
        fields.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<line.count where line[i] == separator {
            fields.append(line[start..<i])
            start = i + 1
        }
        fields.append(line[start..<line.count])
    }

    /// Parses a decimal integer (optional sign); nil for anything else.
    @inline(__always)
    static func int<C: Collection>(_ bytes: C) -> Int? where C.Element == UInt8 {
        var value = 0
        var negative = false
        var digits = 0
        var first = true
        for b in bytes {
            if first && (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) {
                negative = b == UInt8(ascii: "-")
                first = false
                continue
            }
            first = false
            guard b >= 48 && b <= 57 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(b - 48))
            if o1 || o2 { return nil }
            value = s
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// Parses a decimal number (`0.31`, `-5`, `1e-3`) via the C library; nil for `.`, empty or trailing junk.
    static func double<C: Collection>(_ bytes: C) -> Double? where C.Element == UInt8 {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        if bytes.count == 1 && bytes.first == UInt8(ascii: ".") { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer -> Double? in
            var i = 0
            for b in bytes {
                buffer[i] = CChar(bitPattern: b)
                i += 1
            }
            buffer[i] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + bytes.count else { return nil }
            return value
        }
    }

    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }

    static func equals<C: Collection>(_ bytes: C, _ text: StaticString) -> Bool where C.Element == UInt8 {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { zip(bytes, $0).allSatisfy { $0 == $1 } }
    }

    static func hasPrefix<C: Collection>(_ bytes: C, _ text: StaticString) -> Bool where C.Element == UInt8 {
        guard bytes.count >= text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { zip(bytes, $0).allSatisfy { $0 == $1 } }
    }
}
