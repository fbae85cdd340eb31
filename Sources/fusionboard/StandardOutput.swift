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
    /// Which of standard output and error were closed at start (held with `/dev/null` since), for the output
    /// check: `-o /dev/stdout` under `>&-` is an error, not a report written to `/dev/null`.
    static let closedDescriptors: Set<Int32> = Set([STDOUT_FILENO, STDERR_FILENO].filter { fcntl($0, F_GETFD) == -1 })

    /// Call first thing: holds closed descriptors 0–2 with `/dev/null`.
    static func prepare() {
        _ = closedAtStart
        _ = closedDescriptors
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            // open() returns the lowest free descriptor: this one, as the lower ones are open by now.
            _ = open("/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY)
        }
    }

    static func write(_ text: String) throws {
        if closedAtStart { throw ReportError("cannot write to standard output: \(systemReason(EBADF)) (standard output is closed)") }
        fflush(nil)  // anything printed through the C library first
        if let code = AtomicFile.writeEveryByte(STDOUT_FILENO, text) {
            throw ReportError("cannot write to standard output: \(systemReason(code))")
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

/// Prints a message on standard error; a failure to do so is ignored (there is nowhere left to report it).
func printError(_ message: String) {
    _ = AtomicFile.writeEveryByte(STDERR_FILENO, message + "\n")
}
