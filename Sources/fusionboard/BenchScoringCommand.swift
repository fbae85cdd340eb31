import ArgumentParser
import Foundation
import FusionBoardCore

/// `fusionboard bench-scoring` (hidden; `make bench` runs it): the driver-model stage on synthetic 10,000-record
/// patients (one whose SVs all join genes, the worst case, and one whose breakends are spread over the genome), de
/// novo and with all evidence, and the whole pipeline once per patient.
struct BenchScoring: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-scoring", abstract: "Time the driver-model stage on a synthetic 10,000-record patient (used by make bench).",
        shouldDisplay: false)

    @OptionGroup var kb: KnowledgeBaseOptions

    @Option(help: "Folder of the trained driver models (default: the shipped Models/).")
    var models: String?

    @Option(help: "BND mate pairs in the synthetic patient (two records each).")
    var pairs: Int = 5_000

    @Option(help: "Synthetic patients: genes (every breakend in a gene, the worst case), genome (breakends spread over the genome) or both.")
    var layout: String = "both"

    @Option(help: "Repetitions of the model stage (the median and the best are printed).")
    var repetitions: Int = 7

    @Option(help: "Modes to time: both, de-novo or evidence.")
    var mode: String = "both"

    @Flag(help: "Also time the pipeline's stages one after the other.")
    var stages = false

    @Flag(help: "Skip the end-to-end pipeline timing.")
    var noEndToEnd = false

    @Option(help: "Also keep the generated patient VCF here.")
    var keep: String?

    func validate() throws {
        if pairs < 1 { throw ValidationError("--pairs must be at least 1") }
        if repetitions < 1 { throw ValidationError("--repetitions must be at least 1") }
        if !["both", "de-novo", "evidence"].contains(mode) { throw ValidationError("--mode must be both, de-novo or evidence") }
        if layout != "both" && ScoringBenchmark.Layout(rawValue: layout) == nil { throw ValidationError("--layout must be genes, genome or both") }
        if keep != nil && layout == "both" { throw ValidationError("--keep writes one patient: choose --layout genes or --layout genome") }
    }

    func run() throws {
        try withContractExitCodes {
            let base = try kb.open()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fusionboard-bench-scoring-\(ProcessInfo.processInfo.processIdentifier)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let layouts = ScoringBenchmark.Layout.allCases.filter { layout == "both" || $0.rawValue == layout }
            for layout in layouts {
                let path = keep ?? dir.appendingPathComponent("synthetic-\(layout.rawValue).vcf").path
                try ScoringBenchmark.writeSyntheticPatient(knowledgeBase: base, pairs: pairs, layout: layout, to: path)
                try time(base, patient: path, layout: layout)
            }
        }
    }

    /// The model stage in the chosen modes and the pipeline end to end, on one synthetic patient.
    private func time(_ base: KnowledgeBase, patient path: String, layout: ScoringBenchmark.Layout) throws {
        let prepared = try ScoringBenchmark.candidates(knowledgeBase: base, input: path)
        let shape = layout == .genes ? "every breakend in a gene (worst case)" : "breakends spread over the genome"
        try StandardOutput.line(
            "Synthetic patient, \(shape): \(prepared.records) records, \(prepared.candidates.count) candidate fusions (KB \(base.info.profile), \(base.path))")
        func ms(_ s: Double) -> String { String(format: "%.1f", s * 1000) }
        for deNovo in [true, false] where mode == "both" || (mode == "de-novo") == deNovo {
            let t = try ScoringBenchmark.timeModelStage(
                knowledgeBase: base, candidates: prepared.candidates, deNovo: deNovo, modelsFolder: models, repetitions: repetitions)
            try StandardOutput.line(
                "Model stage, \(deNovo ? "de novo" : "all evidence"): median \(ms(t.median)) ms, min \(ms(t.best)) ms over \(t.seconds.count) runs on \(t.threads) thread\(t.threads == 1 ? "" : "s"); \(String(format: "%.1f", t.perFusionMicroseconds)) µs per fusion (median); \(t.scorer); checksum \(String(t.checksum, radix: 16))"
            )
            try StandardOutput.line("  one thread: median \(ms(t.oneThreadSeconds)) ms (\(String(format: "%.2f", t.oneThreadSeconds / max(t.median, 1e-9)))× the median above); same scores one fusion at a time")
            try StandardOutput.line(
                "  apart, one thread, one fusion at a time: feature extraction \(ms(t.extractionSeconds)) ms, network + probability + attributions \(ms(t.inferenceSeconds)) ms; \(t.distinctVectors) distinct feature vectors"
            )
        }
        if !noEndToEnd {
            let deNovo = mode == "de-novo"
            let e = try ScoringBenchmark.timeEndToEnd(knowledgeBase: base, input: path, deNovo: deNovo, modelsFolder: models)
            try StandardOutput.line("End to end (read, annotate, evidence, score, explain), \(deNovo ? "de novo" : "all evidence"): \(String(format: "%.2f", e.seconds)) s for \(e.fusions) fusions")
            if stages {
                let laps = try ScoringBenchmark.timeStages(knowledgeBase: base, input: path, deNovo: deNovo, modelsFolder: models)
                try StandardOutput.line("  stages one after the other: " + laps.map { "\($0.stage) \(String(format: "%.2f", $0.seconds)) s" }.joined(separator: ", "))
            }
        }
    }
}
