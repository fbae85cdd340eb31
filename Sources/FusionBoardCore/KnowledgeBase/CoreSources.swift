import Foundation

/// The registry packages the core knowledge base is built from, and how to fetch them.
///
/// Everything comes from Debian and PyPI by package name: `apt-get download` for
/// `r-bioc-org.hs.eg.db`, `pip download --no-deps` for the `iannotatesv` and `bioframe` wheels.
/// Nothing is installed; archives are unpacked into a cache folder (`dpkg-deb -x`, Python's zipfile).
public struct CoreSources: Sendable {
    /// NCBI Gene via Bioconductor's org.Hs.eg.db (a plain SQLite file).
    public var orgHsEgSQLite: String
    /// UCSC refGene GRCh38 genePredExt from the iannotatesv wheel.
    public var refGeneTable: String
    /// bioframe's packaged assembly data folder (seqinfo and cytobands for hg19 and hg38).
    public var bioframeData: String
    /// The archives they came from (for checksums and versions).
    public var orgHsEgArchive: String
    public var iannotatesvArchive: String
    public var bioframeArchive: String

    public static let orgHsEgPackage = "r-bioc-org.hs.eg.db"
    public static let iannotatesvVersion = "1.3.0"
    public static let bioframeVersion = "0.8.0"

    /// Finds the sources in `cacheDirectory`, downloading and unpacking what is missing.
    /// - Parameter log: receives one line per step, for the user to follow.
    public static func prepare(cacheDirectory relativeCache: String, log: (String) -> Void) throws -> CoreSources {
        let fm = FileManager.default
        let cacheDirectory = URL(fileURLWithPath: relativeCache).standardizedFileURL.path
        try fm.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
        let cache = URL(fileURLWithPath: cacheDirectory)

        func existing(_ suffix: String, prefix: String) -> String? {
            (try? fm.contentsOfDirectory(atPath: cacheDirectory))?.sorted().first { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }
                .map { cache.appendingPathComponent($0).path }
        }

        // 1. org.Hs.eg.db from Debian.
        var deb = existing(".deb", prefix: "r-bioc-org.hs.eg.db_")
        if deb == nil {
            log("downloading Debian package \(orgHsEgPackage) (apt-get download) …")
            try run(["apt-get", "download", orgHsEgPackage], in: cacheDirectory,
                hint: "run 'apt-get update' first; the package is in Debian 12 (bookworm) main")
            deb = existing(".deb", prefix: "r-bioc-org.hs.eg.db_")
        }
        guard let deb else { throw KnowledgeBaseBuildError("apt-get download left no r-bioc-org.hs.eg.db_*.deb in \(cacheDirectory)") }
        let debDir = cache.appendingPathComponent("org.hs.eg.db").path
        let sqlite = debDir + "/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite"
        if !fm.fileExists(atPath: sqlite) {
            log("unpacking \(URL(fileURLWithPath: deb).lastPathComponent) (dpkg-deb -x) …")
            try run(["dpkg-deb", "-x", deb, debDir], in: cacheDirectory, hint: "dpkg-deb comes with every Debian system")
        }

        // 2. and 3. Wheels from PyPI.
        func wheel(_ name: String, _ version: String) throws -> (archive: String, dir: String) {
            let prefix = "\(name)-\(version)-"
            var archive = existing(".whl", prefix: prefix)
            if archive == nil {
                log("downloading \(name)==\(version) from PyPI (pip download --no-deps) …")
                try run(["python3", "-m", "pip", "download", "--no-deps", "--quiet", "-d", cacheDirectory, "\(name)==\(version)"],
                    in: cacheDirectory, hint: "needs python3 with pip and access to PyPI")
                archive = existing(".whl", prefix: prefix)
            }
            guard let archive else { throw KnowledgeBaseBuildError("pip download left no \(prefix)*.whl in \(cacheDirectory)") }
            let dir = cache.appendingPathComponent("\(name)-\(version)").path
            return (archive, dir)
        }
        let ian = try wheel("iannotatesv", iannotatesvVersion)
        let refGene = ian.dir + "/iAnnotateSV/data/references/hg38.sv.table.txt"
        if !fm.fileExists(atPath: refGene) {
            log("unpacking \(URL(fileURLWithPath: ian.archive).lastPathComponent) …")
            try run(["python3", "-m", "zipfile", "-e", ian.archive, ian.dir], in: cacheDirectory, hint: "needs python3")
        }
        let bf = try wheel("bioframe", bioframeVersion)
        let bfData = bf.dir + "/bioframe/io/data"
        if !fm.fileExists(atPath: bfData + "/hg38.seqinfo.tsv") {
            log("unpacking \(URL(fileURLWithPath: bf.archive).lastPathComponent) …")
            try run(["python3", "-m", "zipfile", "-e", bf.archive, bf.dir], in: cacheDirectory, hint: "needs python3")
        }
        for path in [sqlite, refGene, bfData + "/hg38.seqinfo.tsv"] where !fm.fileExists(atPath: path) {
            throw KnowledgeBaseBuildError("expected \(path) after unpacking; delete \(cacheDirectory) and try again")
        }
        return CoreSources(
            orgHsEgSQLite: sqlite, refGeneTable: refGene, bioframeData: bfData, orgHsEgArchive: deb,
            iannotatesvArchive: ian.archive, bioframeArchive: bf.archive)
    }

    private static func run(_ arguments: [String], in directory: String, hint: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw KnowledgeBaseBuildError("cannot run '\(arguments[0])': \(error.localizedDescription); \(hint)")
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw KnowledgeBaseBuildError(
                "'\(arguments.joined(separator: " "))' failed (exit \(process.terminationStatus)): \(stderr.suffix(400).trimmingCharacters(in: .whitespacesAndNewlines)); \(hint)")
        }
    }
}

/// A knowledge-base build failure, with what to do about it.
public struct KnowledgeBaseBuildError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
