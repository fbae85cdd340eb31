import Foundation
import Testing

@testable import FusionBoardCore

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers for the output-safety suites: a patient copied into a temporary folder, the binary run through
/// `/bin/sh` (closed standard output), file contents.
enum OutputFixtures {
    static let patient = Fixtures.sample("P001-lung-KIF5B-RET.vcf")

    /// A temporary folder holding a copy of the P001 sample patient as `name`.
    static func folderWithPatient(_ name: String = "a.vcf") throws -> (dir: URL, vcf: String) {
        let dir = try Fixtures.temporaryDirectory()
        let vcf = dir.appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: patient, toPath: vcf)
        return (dir, vcf)
    }

    static func text(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Runs the binary with standard output closed (`>&-`).
    static func runWithStdoutClosed(_ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
        try CLI.run(["__sh__"] + arguments, in: directory, shell: "exec \"$0\" \"$@\" >&-")
    }

    /// The file type bits of a path (without following a final symbolic link).
    static func type(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    /// A file whose folder is a regular file: no one, not even root, can create it.
    static func blockedPath(in dir: URL, _ name: String) throws -> String {
        let blocker = dir.appendingPathComponent("blocker").path
        if !FileManager.default.fileExists(atPath: blocker) { try Data("a file, not a folder\n".utf8).write(to: URL(fileURLWithPath: blocker)) }
        return blocker + "/" + name
    }
}

extension CLI {
    /// Runs the binary through `/bin/sh -c script binary arguments…` when the first argument is `__sh__`.
    static func run(_ arguments: [String], in directory: URL? = nil, shell script: String) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, binary.path] + arguments.dropFirst()
        var env = ProcessInfo.processInfo.environment
        env["FUSIONBOARD_KB"] = Fixtures.knowledgeBasePath
        process.environment = env
        process.currentDirectoryURL = directory ?? Fixtures.root
        let err = Pipe()
        process.standardError = err
        try process.run()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

@Suite("Standard output failures")
struct StandardOutputTests {
    @Test func aClosedStandardOutputIsAnErrorNotACrash() throws {
        let runs: [[String]] = [
            ["score", OutputFixtures.patient],
            ["annotate", OutputFixtures.patient],
            ["score", OutputFixtures.patient, "--output-format", "json"],
            ["explain", "KIF5B::RET"],
            ["kb", "info"],
            ["--help"],
        ]
        for arguments in runs {
            let run = try OutputFixtures.runWithStdoutClosed(arguments)
            #expect(run.status == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("cannot write to standard output: "), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error"), "\(arguments)")
        }
    }

    @Test func aReportWithStandardOutputClosedIsWrittenAndTheLostSummaryReported() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try OutputFixtures.runWithStdoutClosed(["report", "a.vcf", "--sample", "X", "-o", "r.html"], in: dir)
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot write to standard output"), "\(run.stderr)")
        #expect(OutputFixtures.text(dir.appendingPathComponent("r.html").path)?.contains("KIF5B") == true)
    }

    @Test func filesOpenedWithStandardOutputClosedDoNotTakeItsPlace() throws {
        let (dir, _) = try OutputFixtures.folderWithPatient()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try OutputFixtures.runWithStdoutClosed(["score", "a.vcf", "-o", "out.tsv"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let written = OutputFixtures.text(dir.appendingPathComponent("out.tsv").path) ?? ""
        #expect(written.hasPrefix("sample\tsv_ids"))
        #expect(written.components(separatedBy: "\n").filter { $0.hasPrefix("sample\t") }.count == 1)
    }
}

