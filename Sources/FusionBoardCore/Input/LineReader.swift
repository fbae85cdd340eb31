import CZlib

#if canImport(Glibc)
    import Glibc
#endif

/// Streams the lines of a plain, gzip or BGZF file as raw bytes, in 1 MiB chunks through zlib.
///
/// Lines are handed over without the trailing `\n` (a trailing `\r` is removed too, so CRLF files read like LF
/// files), and a UTF-8 byte-order mark at the start of the file is skipped. Memory stays bounded by the chunk size
/// plus the longest line, which is capped at ``maximumLineLength``. A gzip file is checked member by member: one
/// that ends inside a member (a truncated download, or only the gzip header) is refused as truncated, and bytes
/// after the last member other than zero padding are refused as damage rather than ignored.
struct LineReader {
    let path: String
    /// A line longer than this is refused as binary junk or a broken file (64 MiB).
    var maximumLineLength = 64 << 20

    init(path: String) { self.path = path }

    /// Calls `body` with each line's bytes and its 1-based number.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        let source = try ByteSource(path: path)
        let chunkSize = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var carry: [UInt8] = []
        var lineNumber = 0

        func emit(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            lineNumber += 1
            var start = 0, count = bytes.count
            if count > 0 && bytes[count - 1] == 0x0D { count -= 1 }
            if lineNumber == 1 {
                if count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
                if bytes[start..<count].contains(0x0D) { throw Self.carriageReturnsOnly(path) }
            }
            try body(UnsafeBufferPointer(rebasing: bytes[start..<count]), lineNumber)
        }

        while true {
            let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0, line: lineNumber + 1) }
            if n == 0 { break }
            try buffer.withUnsafeBufferPointer { chunk in
                var start = 0
                let end = n
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
                // A first line that runs on past carriage returns: the file's lines end in CR only.
                if lineNumber == 0 && carry.dropLast().contains(0x0D) { throw Self.carriageReturnsOnly(path) }
                if carry.count > maximumLineLength {
                    throw InputError(
                        file: path, line: lineNumber + 1,
                        "line is longer than \(maximumLineLength >> 20) MiB; this is not a text table (binary or broken file)")
                }
            }
        }
        if !carry.isEmpty { try carry.withUnsafeBufferPointer { try emit($0) } }
    }

    static func carriageReturnsOnly(_ path: String) -> InputError {
        InputError(
            file: path, line: 1,
            "the lines end in a carriage return only (classic Mac OS line endings); convert them to line feeds, e.g. tr '\\r' '\\n' < FILE > FILE.txt")
    }

    /// Reads the first `limit` bytes (decompressed) after a byte-order mark, for format detection: fewer only when the
    /// file is shorter. A file that breaks off before any data (e.g. a gzip header alone) throws; a later break is
    /// reported by the full read.
    func head(_ limit: Int = 64 << 10) throws -> [UInt8] {
        let source = try ByteSource(path: path)
        let limit = limit + 3  // room for a byte-order mark, so the text after it is `limit` bytes too
        var buffer = [UInt8](repeating: 0, count: limit)
        var filled = 0
        do {
            while filled < limit {
                let n = try buffer.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]), line: 1) }
                if n == 0 { break }
                filled += n
            }
        } catch {
            if filled == 0 { throw error }
        }
        var bytes = Array(buffer.prefix(filled))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return Array(bytes.prefix(limit - 3))
    }
}

/// The decompressed bytes of a plain or gzip/BGZF file (any number of gzip members), read with `inflate`
/// directly so that truncation and trailing data are seen rather than taken for a clean end.
private final class ByteSource {
    let path: String
    private let descriptor: Int32
    private var input: [UInt8]
    private var inputStart = 0, inputEnd = 0
    private var endOfFile = false
    private let compressed: Bool
    private var stream = z_stream()
    private var streamReady = false
    /// True between a gzip member's first byte and its end (CRC and length checked).
    private var inMember = false
    private var finished = false

    init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InputError(file: path, line: nil, "cannot open the file (\(String(cString: strerror(errno)))); check the path")
        }
        // The first bytes tell gzip (1f 8b) from plain text.
        var buffer = [UInt8](repeating: 0, count: 1 << 17)
        var sniffed = 0, eof = false
        while sniffed < 2 {
            let n = buffer.withUnsafeMutableBytes { rawRead(fd, $0.baseAddress! + sniffed, $0.count - sniffed) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw InputError(file: path, line: nil, "cannot read the file (\(reason))")
            }
            if n == 0 {
                eof = true
                break
            }
            sniffed += n
        }
        descriptor = fd
        input = buffer
        inputEnd = sniffed
        endOfFile = eof
        compressed = sniffed >= 2 && buffer[0] == 0x1F && buffer[1] == 0x8B
        if compressed {
            let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            // deinit closes the descriptor.
            guard status == Z_OK else { throw InputError(file: path, line: nil, "cannot start decompressing (zlib error \(status))") }
            streamReady = true
        }
    }

    deinit {
        if streamReady { inflateEnd(&stream) }
        close(descriptor)
    }

    /// Reads more raw bytes until at least `count` are buffered or the file ends.
    private func fill(atLeast count: Int) throws {
        while inputEnd - inputStart < count && !endOfFile {
            if inputStart > 0 {
                let kept = inputEnd - inputStart
                if kept > 0 { input.withUnsafeMutableBufferPointer { p in _ = memmove(p.baseAddress!, p.baseAddress! + inputStart, kept) } }
                inputStart = 0
                inputEnd = kept
            }
            let n = input.withUnsafeMutableBytes { rawRead(descriptor, $0.baseAddress! + inputEnd, $0.count - inputEnd) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, line: nil, "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if n == 0 { endOfFile = true } else { inputEnd += n }
        }
    }

    /// Fills `output` with the next decompressed bytes; 0 at the clean end of the data. `line` is the line being
    /// read, for messages.
    func read(into output: UnsafeMutableRawBufferPointer, line: Int) throws -> Int {
        guard !finished, output.count > 0 else { return 0 }
        guard compressed else {
            if inputEnd > inputStart {
                let n = min(output.count, inputEnd - inputStart)
                input.withUnsafeBytes { output.baseAddress!.copyMemory(from: $0.baseAddress! + inputStart, byteCount: n) }
                inputStart += n
                return n
            }
            while true {
                let n = rawRead(descriptor, output.baseAddress!, output.count)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { throw InputError(file: path, line: line, "cannot read the file (\(String(cString: strerror(errno))))") }
                if n == 0 { finished = true }
                return n
            }
        }
        while true {
            if !inMember {
                // Between members: another member, zero padding, or the end.
                try fill(atLeast: 2)
                if inputEnd == inputStart {
                    finished = true
                    return 0
                }
                if inputEnd - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B {
                    inflateReset(&stream)
                    inMember = true
                } else {
                    try checkTrailingBytes()
                    finished = true
                    return 0
                }
            }
            if inputEnd == inputStart { try fill(atLeast: 1) }
            if inputEnd == inputStart {
                throw InputError(
                    file: path, line: line,
                    "the gzip stream is truncated (the file ends inside compressed data); re-create or re-download the file")
            }
            let available = inputEnd - inputStart
            let (status, consumed, produced) = input.withUnsafeMutableBufferPointer { raw -> (Int32, Int, Int) in
                stream.next_in = raw.baseAddress! + inputStart
                stream.avail_in = UInt32(available)
                stream.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.avail_out = UInt32(min(output.count, Int(UInt32.max)))
                let before = Int(stream.avail_out)
                let status = inflate(&stream, Z_NO_FLUSH)
                return (status, available - Int(stream.avail_in), before - Int(stream.avail_out))
            }
            inputStart += consumed
            switch status {
            case Z_STREAM_END:
                inMember = false
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw InputError(file: path, line: line, "the compressed data is corrupt (\(detail)); re-create or re-download the file")
            }
            if produced > 0 { return produced }
            if status == Z_BUF_ERROR && consumed == 0 && inputEnd > inputStart {
                throw InputError(file: path, line: line, "the compressed data is corrupt (no progress); re-create or re-download the file")
            }
        }
    }

    /// After the last gzip member: zero padding is allowed, anything else is refused.
    private func checkTrailingBytes() throws {
        while inputEnd > inputStart {
            if input[inputStart..<inputEnd].contains(where: { $0 != 0 }) {
                let buffered = inputEnd - inputStart
                let offset = lseek(descriptor, 0, SEEK_CUR), size = lseek(descriptor, 0, SEEK_END)
                let count = offset >= 0 && size >= offset ? "\(buffered + Int(size - offset)) bytes" : "bytes"
                throw InputError(
                    file: path, line: nil,
                    "\(count) that are not gzip data follow the end of the compressed stream; the file is damaged or something was appended to it — re-create it (if the compressed part is complete, `gzip -dc FILE > FILE.txt` recovers it)")
            }
            inputStart = inputEnd
            try fill(atLeast: 1)
        }
    }
}

/// `read(2)`, named apart from ``ByteSource/read(into:line:)``.
private func rawRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
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
