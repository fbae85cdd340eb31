import ArgumentParser
import Foundation
import FusionBoardCore

struct KnowledgeBaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb", abstract: "Build or describe the knowledge base.", subcommands: [Build.self, Info.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the knowledge base from registry packages (Debian, PyPI) plus optional source folders.")

        @Option(name: .customLong("source-dir"), help: "Folder of optional sources (domains, gene roles, known fusions, …); repeatable.")
        var sourceDirectories: [String] = []

        @Option(name: .customLong("out"), help: "Knowledge base file to write.")
        var output: String = "kb/fusionboard.sqlite"

        @Option(help: "Cache folder for the downloaded core packages.")
        var cache: String = ".cache/kb-sources"

        func run() throws {
            try withContractExitCodes {
                let core = try CoreSources.prepare(cacheDirectory: cache) { printError($0) }
                let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(Int.init)
                let builder = KnowledgeBaseBuilder(core: core, sourceDirectories: sourceDirectories, sourceDateEpoch: epoch)
                let summary = try builder.build(to: output) { printError($0) }
                try StandardOutput.line("wrote \(summary.path) (build \(summary.buildID)) in \(String(format: "%.1f", summary.seconds)) s")
                try StandardOutput.line("sources: \(summary.sources.joined(separator: "; "))")
                if !summary.unknownFiles.isEmpty {
                    try StandardOutput.line("files not recognised (ignored):")
                    for file in summary.unknownFiles { try StandardOutput.line("  \(file)") }
                }
            }
        }
    }

    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the knowledge base's path, build, sources with versions, and row counts.")

        @OptionGroup var kb: KnowledgeBaseOptions

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            try withContractExitCodes {
                let base = try kb.open()
                let info = base.info
                if json {
                    try StandardOutput.write(try jsonText(info))
                    return
                }
                try StandardOutput.line("path: \(info.path)")
                try StandardOutput.line("build: \(info.buildID) (built \(info.builtAt), schema \(info.schemaVersion), profile \(info.profile))")
                try StandardOutput.line("sources:")
                for s in info.sources {
                    try StandardOutput.line("  \(s.name) — version \(s.version ?? "n/a")\(s.date.map { ", date \($0)" } ?? ""); \(s.rows) rows; licence \(s.licence)\(s.optional ? "; optional" : "")")
                    try StandardOutput.line("      \(s.origin)")
                    if let note = s.note { try StandardOutput.line("      note: \(note)") }
                }
                // The curated therapy table is built into the binary, not stored in the knowledge base; reports list it
                // among their knowledge sources.
                try StandardOutput.line("built into fusionboard (not stored in this file):")
                try StandardOutput.line("  \(TherapyTable.sourceName) — revision \(TherapyTable.revision); \(TherapyTable.entries.count) entries; sha256 \(TherapyTable.digest)")
                if !info.missingCategories.isEmpty {
                    try StandardOutput.line("optional sources absent: \(info.missingCategories.joined(separator: ", "))")
                }
                try StandardOutput.line("counts:")
                for key in info.counts.keys.sorted() { try StandardOutput.line("  \(key): \(info.counts[key]!)") }
            }
        }
    }
}
