import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An output path checked before anything is written: what it is, where the bytes go, and how.
///
/// - A regular file, new or existing, is written atomically: a temporary file beside it, then a rename.
///   A symbolic link is followed, so the file it points to is replaced and the link stays.
/// - An existing FIFO or character device (`/dev/stdout`, a named pipe) cannot be replaced; it is
///   written directly, and a failed write (`/dev/full`) is an error.
/// - A folder, socket or block device is refused, as is a path whose folder is a file or not writable.
public struct OutputTarget: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Written to a temporary file beside ``OutputTarget/path``, then renamed over it.
        case file
        /// An existing FIFO or character device, written directly (no temporary file, no rename).
        case stream
    }

    /// The path as the user gave it (what messages name).
    public var given: String
    /// The option that named it (`-o`, `--json` …), for messages.
    public var option: String
    /// Where the bytes go: for a file, absolute with symbolic links resolved; for a stream, as given.
    public var path: String
    public var kind: Kind
    /// Device and inode of the existing file (nil when it does not exist yet).
    var identity: FileIdentity?
    /// Permission bits of the existing file, kept by the replacement.
    var mode: mode_t?
    /// For `/dev/stdout`, `/dev/stderr` and `/dev/fd/N`: the descriptor written to.
    var descriptor: Int32?

    /// Checks `given` as an output named by `option`; throws a ``ReportError`` naming the path and the fix.
    public init(_ given: String, option: String) throws {
        self.given = given
        self.option = option
        if given.isEmpty { throw ReportError("\(option) is empty; give a file path") }
        if given == "-" {
            throw ReportError("\(option) -: this output cannot go to standard output; give a file path (./- for a file named '-')")
        }
        var info = stat()
        if let descriptor = Self.namedDescriptor(given) {
            // The tool's own standard output or error: written to the open descriptor, so a redirection
            // (`>> log`) is kept as the shell set it up. A closed one is an error, never a file of that name.
            guard fcntl(descriptor, F_GETFD) != -1, fstat(descriptor, &info) == 0 else {
                if errno == EBADF { throw Self.closedDescriptorError(given, option: option, descriptor: descriptor) }
                throw ReportError("cannot write \(given) (\(option)): \(FileIdentity.reason(errno)); choose another path")
            }
            path = given
            kind = .stream
            identity = FileIdentity(info)
            self.descriptor = descriptor
            return
        }
        if stat(given, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                path = FileIdentity.realPath(given) ?? FileIdentity.absolute(given)
                kind = .file
                identity = FileIdentity(info)
                mode = info.st_mode & 0o7777
                try Self.checkWritableFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path, for: given, option: option)
            case S_IFDIR:
                throw ReportError("cannot write \(given) (\(option)): it is a folder; give a file path, e.g. \(given.hasSuffix("/") ? given : given + "/")\(Self.exampleName(option))")
            case S_IFIFO, S_IFCHR:
                path = given
                kind = .stream
                identity = FileIdentity(info)
                if access(given, W_OK) != 0 {
                    let reason = FileIdentity.reason(errno)
                    throw ReportError("cannot write \(given) (\(option)): \(reason); choose another path")
                }
            case S_IFSOCK:
                throw ReportError("cannot write \(given) (\(option)): it is a socket; give a regular file path")
            case S_IFBLK:
                throw ReportError("cannot write \(given) (\(option)): it is a block device; give a regular file path")
            default:
                throw ReportError("cannot write \(given) (\(option)): it is not a regular file; give a regular file path")
            }
            return
        }
        let code = errno
        switch code {
        case ENOENT, ENOTDIR:
            // A new file (perhaps the target of a dangling symbolic link): its nearest existing folder must be a
            // writable folder; missing folders below it are created when the file is written.
            let target = Self.followLinks(FileIdentity.absolute(given))
            var folder = URL(fileURLWithPath: target).deletingLastPathComponent()
            var missing: [String] = [URL(fileURLWithPath: target).lastPathComponent]
            while true {
                var parent = stat()
                if stat(folder.path, &parent) == 0 {
                    if parent.st_mode & S_IFMT != S_IFDIR {
                        throw ReportError("cannot write \(given) (\(option)): \(folder.path) is a file, not a folder; choose another path")
                    }
                    break
                }
                if errno != ENOENT && errno != ENOTDIR {
                    throw ReportError("cannot write \(given) (\(option)): \(folder.path): \(FileIdentity.reason(errno)); choose another path")
                }
                missing.insert(folder.lastPathComponent, at: 0)
                let up = folder.deletingLastPathComponent()
                if up.path == folder.path { break }
                folder = up
            }
            try Self.checkWritableFolder(folder.path, for: given, option: option)
            let base = FileIdentity.realPath(folder.path) ?? folder.path
            path = URL(fileURLWithPath: base).appendingPathComponent(missing.joined(separator: "/")).standardizedFileURL.path
            kind = .file
            identity = nil
            mode = nil
        case EACCES:
            throw ReportError("cannot write \(given) (\(option)): permission denied on a folder of its path; choose a path you can write to")
        default:
            throw ReportError("cannot write \(given) (\(option)): \(FileIdentity.reason(code)); choose another path")
        }
    }

    static func closedDescriptorError(_ given: String, option: String, descriptor: Int32) -> ReportError {
        let stream = descriptor == 1 ? "standard output" : descriptor == 2 ? "standard error" : "descriptor \(descriptor)"
        return ReportError("cannot write \(given) (\(option)): \(stream) is closed; give a file path or run the command with \(stream) open")
    }

    /// The descriptor `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` names (open or not).
    static func namedDescriptor(_ path: String) -> Int32? {
        let number: Int32?
        switch path {
        case "/dev/stdout": number = 1
        case "/dev/stderr": number = 2
        default:
            number = ["/dev/fd/", "/proc/self/fd/"].lazy.compactMap { path.hasPrefix($0) ? Int32(path.dropFirst($0.count)) : nil }.first
        }
        guard let number, number >= 1 else { return nil }
        return number
    }

    /// A folder a temporary file can be created and renamed in.
    static func checkWritableFolder(_ folder: String, for given: String, option: String) throws {
        if access(folder, W_OK | X_OK) != 0 {
            let reason = FileIdentity.reason(errno)
            throw ReportError("cannot write \(given) (\(option)): the folder \(folder) is not writable (\(reason)); choose another folder or fix its permissions")
        }
    }

    /// The last path a chain of symbolic links leads to (the path itself when it is not a link).
    static func followLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK,
                let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
            else { return current }
            current =
                destination.hasPrefix("/")
                ? destination : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(destination).path
        }
        return current
    }

    static func exampleName(_ option: String) -> String {
        switch option {
        case "--markdown": return "report.md"
        case "--json": return "report.json"
        case "--tsv": return "report.tsv"
        case "-o": return "output.tsv"
        case "--out": return "fusionboard.sqlite"
        default: return "output"
        }
    }

    /// The keys by which two files are the same: the resolved path, and device and inode when it exists.
    var sameFileKeys: [String] { [path] + (identity.map { ["\($0.device):\($0.inode)"] } ?? []) }
}

/// What a command is about to write, checked against itself and against what it reads, before any work.
public enum OutputPlan {
    /// Resolves every output and refuses, with one message naming the paths and the fix, when two outputs are
    /// the same file or an output is one of the files read (an input, the manifest, the knowledge base …).
    /// `reads` pairs each file read with what it is ("input", "knowledge base" …). Streams (a FIFO,
    /// `/dev/null`) may repeat. `closedAtStart` lists the standard descriptors the process found closed and
    /// now holds with `/dev/null`: naming one (`-o /dev/stdout` under `>&-`) is refused, not written to nowhere.
    public static func check(
        closedAtStart: Set<Int32> = [], _ outputs: [(option: String, path: String)], reads: [(role: String, path: String)]
    ) throws -> [OutputTarget] {
        for output in outputs {
            if let descriptor = OutputTarget.namedDescriptor(output.path), closedAtStart.contains(descriptor) {
                throw OutputTarget.closedDescriptorError(output.path, option: output.option, descriptor: descriptor)
            }
        }
        let targets = try outputs.map { try OutputTarget($0.path, option: $0.option) }
        var read: [String: (role: String, path: String)] = [:]
        for file in reads {
            for key in FileIdentity.sameFileKeys(file.path) where read[key] == nil { read[key] = file }
        }
        var written: [String: OutputTarget] = [:]
        for target in targets where target.kind == .file {
            for key in target.sameFileKeys {
                if let file = read[key] {
                    throw ReportError(
                        "\(target.option) \(target.given) is the \(file.role) \(file.path); writing it would overwrite the \(file.role). Choose another output path")
                }
                if let other = written[key] {
                    throw ReportError("\(other.option) \(other.given) and \(target.option) \(target.given) are the same file; give each output its own path")
                }
            }
            for key in target.sameFileKeys { written[key] = target }
        }
        return targets
    }
}

/// Writes files atomically: a temporary file beside the target, then a rename, so an interrupted run
/// never leaves a half-written report (see ``OutputTarget`` for links, FIFOs and devices).
public enum AtomicFile {
    /// Checks `path` (``OutputTarget``) and writes `text` to it.
    public static func write(_ text: String, to path: String) throws {
        try write([(try OutputTarget(path, option: "output"), text)])
    }

    public static func write(_ text: String, to target: OutputTarget) throws {
        try write([(target, text)])
    }

    /// Writes several outputs all or nothing as far as the file system allows: every file is first written in full
    /// to its temporary file beside its target, then the streams, and only when all of that succeeded are the
    /// temporary files renamed into place. A failure before the renames replaces no target; a rename itself failing
    /// (rare: the temporary file is in the target's folder) can leave the targets renamed before it replaced. The
    /// temporary files are removed.
    public static func write(_ outputs: [(target: OutputTarget, text: String)]) throws {
        var staged: [(temporary: String, target: OutputTarget)] = []
        do {
            for (target, text) in outputs where target.kind == .file {
                staged.append((try stage(text, for: target), target))
            }
            for (target, text) in outputs where target.kind == .stream {
                try writeStream(text, to: target)
            }
            for (temporary, target) in staged {
                if rename(temporary, target.path) != 0 {
                    throw ReportError("cannot write \(target.given): \(FileIdentity.reason(errno)); \(hint(errno))")
                }
            }
        } catch {
            for (temporary, _) in staged { unlink(temporary) }
            throw error
        }
    }

    /// The full text in a new temporary file beside the target (its folders created as needed).
    static func stage(_ text: String, for target: OutputTarget) throws -> String {
        let url = URL(fileURLWithPath: target.path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ReportError("cannot create the folder \(folder) for \(target.given); check that its parent is a writable folder")
        }
        let temporary = folder + "/.\(url.lastPathComponent).\(getpid()).\(Counter.next()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        if descriptor < 0 {
            let code = errno
            throw ReportError("cannot write \(target.given): \(FileIdentity.reason(code)) (in \(folder)); \(hint(code))")
        }
        do {
            try writeAll(descriptor, text, name: target.given)
            if let mode = target.mode { fchmod(descriptor, mode) }
            if fsync(descriptor) != 0, errno != EINVAL {
                let code = errno
                throw ReportError("cannot write \(target.given): \(FileIdentity.reason(code)); \(hint(code))")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        // Closed once, outside the catch: a failed close has released the descriptor already, and closing it again
        // could close a file another thread has just opened.
        if close(descriptor) != 0 {
            let code = errno
            unlink(temporary)
            throw ReportError("cannot write \(target.given): \(FileIdentity.reason(code)); \(hint(code))")
        }
        return temporary
    }

    /// Writes to an existing FIFO or character device through the path (links followed).
    static func writeStream(_ text: String, to target: OutputTarget) throws {
        if let descriptor = target.descriptor { return try writeAll(descriptor, text, name: target.given) }
        let descriptor = open(target.path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            throw ReportError("cannot write \(target.given): \(FileIdentity.reason(code)); \(hint(code))")
        }
        defer { close(descriptor) }
        try writeAll(descriptor, text, name: target.given)
    }

    /// Writes every byte of `text`, retrying short writes and interruptions.
    static func writeAll(_ descriptor: Int32, _ text: String, name: String) throws {
        if let code = writeEveryByte(descriptor, text) {
            throw ReportError("cannot write \(name): \(FileIdentity.reason(code)); \(hint(code))")
        }
    }

    /// Writes every byte of `text` to a descriptor, retrying short writes and interruptions; the `errno` of a failed
    /// write, or nil.
    public static func writeEveryByte(_ descriptor: Int32, _ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        var offset = 0
        return bytes.withUnsafeBytes { buffer -> Int32? in
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// What to do about a failed write.
    static func hint(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: return "free some space or write to another disk"
        case EACCES, EPERM: return "check the folder's permissions or choose another path"
        case EROFS: return "the file system is read-only; choose another path"
        default: return "choose another path"
        }
    }

    /// Distinguishes temporary files of one process.
    private enum Counter {
        private static let lock = NSLock()
        nonisolated(unsafe) private static var value = 0
        static func next() -> Int { lock.withLock { value += 1; return value } }
    }
}

/// `write(2)`, named apart from the `write` methods above.
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(descriptor, bytes, count)
    #else
        return Darwin.write(descriptor, bytes, count)
    #endif
}

/// A report-rendering problem (templates, output files).
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
