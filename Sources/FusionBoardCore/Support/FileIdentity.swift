import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's device and inode.
struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// The canonical path (symbolic links, `.` and `..` resolved) of an existing path.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The keys by which two paths name the same file: the resolved path, and device and inode when the
    /// file exists. Inputs named twice (`InputReader.requireDistinct`) and outputs that would overwrite an
    /// input (`OutputPlan`) are both found by a shared key.
    static func sameFileKeys(_ path: String) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [URL(fileURLWithPath: absolute(path)).standardizedFileURL.path] }
        let identity = FileIdentity(info)
        return [realPath(path) ?? absolute(path), "\(identity.device):\(identity.inode)"]
    }
}
