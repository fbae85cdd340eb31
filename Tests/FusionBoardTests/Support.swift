import Foundation
import Testing

@testable import FusionBoardCore

/// Paths and helpers shared by the suites.
enum Fixtures {
    /// The repository root (this file is Tests/FusionBoardTests/Support.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static func sharedFile(_ relative: String) -> String { shared.appendingPathComponent(relative).path }
    static func sample(_ name: String) -> String { root.appendingPathComponent("SampleCases/\(name)").path }

    /// The full knowledge base `make test` builds (FUSIONBOARD_TEST_KB), else ./kb/fusionboard.sqlite.
    static var knowledgeBasePath: String {
        ProcessInfo.processInfo.environment["FUSIONBOARD_TEST_KB"] ?? root.appendingPathComponent("kb/fusionboard.sqlite").path
    }
    /// The core-only knowledge base (no optional source).
    static var coreKnowledgeBasePath: String {
        ProcessInfo.processInfo.environment["FUSIONBOARD_TEST_KB_CORE"] ?? root.appendingPathComponent("kb/core.sqlite").path
    }

    static func knowledgeBase() throws -> KnowledgeBase {
        guard FileManager.default.fileExists(atPath: knowledgeBasePath) else {
            Issue.record("no knowledge base at \(knowledgeBasePath): run 'make kb' (make test does)")
            throw KnowledgeBaseError("missing test knowledge base")
        }
        return try KnowledgeBase(path: knowledgeBasePath)
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fusionboard-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Runs the built `fusionboard` binary.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    static var binary: URL {
        let build = Bundle.main.bundleURL
        let candidate = build.appendingPathComponent("fusionboard")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        return Fixtures.root.appendingPathComponent(".build/debug/fusionboard")
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["FUSIONBOARD_KB"] = Fixtures.knowledgeBasePath
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = directory ?? Fixtures.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}

/// Parses a TSV with a header into dictionaries.
func parseTSV(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("##") }
    guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else { return [] }
    return lines.dropFirst().map { line in
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var row: [String: String] = [:]
        for (i, name) in header.enumerated() where i < fields.count { row[name] = fields[i] }
        return row
    }
}
