import Foundation
import FusionBoardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything the tool prints on standard output goes through here, so a full disk (`> /dev/full`) or a
/// closed standard output (`>&-`) is an error (exit 1, "cannot write to standard output: …"), never a
/// crash or a silent loss.
enum StandardOutput {
    /// Whether descriptor 1 was closed when the tool started. ``prepare()`` then puts `/dev/null` on it,
    /// so that no file opened later (an input, a temporary output) can land on descriptor 1.
    static let closedAtStart: Bool = fcntl(STDOUT_FILENO, F_GETFD) == -1

    /// Call first thing: holds closed descriptors 0–2 with `/dev/null`.
    static func prepare() {
        _ = closedAtStart
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            // open() returns the lowest free descriptor: this one, as the lower ones are open by now.
            _ = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
        }
    }

    static func write(_ text: String) throws {
        if closedAtStart { throw ReportError("cannot write to standard output: \(systemReason(EBADF)) (standard output is closed)") }
        fflush(nil)  // anything printed through the C library first
        let bytes = Array(text.utf8)
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = systemWrite(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ReportError("cannot write to standard output: \(systemReason(errno))")
                }
                offset += written
            }
        }
    }

    /// `text` and a newline.
    static func line(_ text: String) throws { try write(text + "\n") }

    /// Flushes what anything else printed through the C library; nil when that worked, else the reason.
    static func flushFailure() -> String? {
        fflush(nil) != 0 ? systemReason(errno) : nil
    }
}

/// `strerror`, for the tool's messages.
func systemReason(_ code: Int32) -> String { String(cString: strerror(code)) }

/// `write(2)`.
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
    #else
        return Darwin.write(descriptor, bytes, count)
    #endif
}

/// Prints a message on standard error; a failure to do so is ignored (there is nowhere left to report it).
func printError(_ message: String) {
    let bytes = Array((message + "\n").utf8)
    var offset = 0
    bytes.withUnsafeBytes { buffer in
        while offset < buffer.count {
            let written = systemWrite(STDERR_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
