import ArgumentParser
import Foundation
import FusionBoardCore

/// `fusionboard features TABLE…`: the feature matrix of labelled tables as TSV (one row per labelled
/// fusion: table, line, pair, label, whether fallback features were used, then the 54 schema features),
/// for inspecting what the models see. Hidden: a model-development aid, not part of the contract.
struct Features: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the feature matrix of labelled tables (TSV).", shouldDisplay: false)

    @OptionGroup var tables: LabelledTablesOptions
    @OptionGroup var kb: KnowledgeBaseOptions

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String

    func run() throws {
        try withContractExitCodes {
            let target = try OutputPlan.check(closedAtStart: StandardOutput.closedDescriptors, [("-o", output)], reads: tables.reads(kb))[0]
            let base = try kb.open()
            let loader = try LabelledSetLoader(knowledgeBase: base, liftover: try tables.chain.liftover())
            var lines = [(["table", "line", "gene5", "gene3", "label", "fallback", "annotated_as", "note"] + FeatureSchema.features.map(\.key)).joined(separator: "\t")]
            for table in tables.labelled {
                let name = URL(fileURLWithPath: table).deletingPathExtension().lastPathComponent
                for example in try loader.load(table) {
                    let head = [name, String(example.row.line), example.row.gene5, example.row.gene3, String(example.row.label), example.fusion == nil ? "1" : "0", example.fusion?.name ?? "", (example.fallbackReason ?? "").replacingOccurrences(of: "\t", with: " ")]
                    lines.append((head + example.features.values.map { String($0) }).joined(separator: "\t"))
                }
            }
            try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: target)
        }
    }
}
