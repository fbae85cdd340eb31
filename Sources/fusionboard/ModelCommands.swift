import ArgumentParser
import Foundation
import FusionBoardCore

/// `--chain FILE`, shared by the commands that read GRCh37 labelled rows.
struct ChainOptions: ParsableArguments {
    @Option(help: "UCSC chain file for the GRCh37 rows (default: the knowledge base's liftover source).")
    var chain: String?

    /// The chain given on the command line, or nil for the knowledge base's own.
    func liftover() throws -> Liftover? { try chain.map { try Liftover(chainFile: $0) } }
}

/// The labelled tables (DEEPrior/ChimerDriver layout) of evaluate and features, and their chain.
struct LabelledTablesOptions: ParsableArguments {
    @Argument(help: "Labelled tables (DEEPrior/ChimerDriver layout).")
    var labelled: [String] = []

    @OptionGroup var chain: ChainOptions

    func validate() throws {
        if labelled.isEmpty { throw ValidationError("give at least one labelled table") }
    }

    /// The files read: the tables, the chain file and the knowledge base (no output may be one of them).
    func reads(_ kb: KnowledgeBaseOptions) -> [(role: String, path: String)] {
        labelled.map { ("labelled table", $0) } + (chain.chain.map { [("chain file", $0)] } ?? []) + [kb.read]
    }
}

/// `--models DIR`, shared by train and evaluate.
struct ModelsOptions: ParsableArguments {
    @Option(help: "Folder of the driver models (default: $FUSIONBOARD_MODELS, the installed Models/, then ./Models).")
    var models: String?
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the driver models for the knowledge base's profile (network and logistic baseline, strict de novo and all evidence) and write them to Models/.")

    @OptionGroup var kb: KnowledgeBaseOptions

    @Option(help: "Labelled training table (default: ../shared/evaluation/deeprior_training_set.csv).")
    var training: String = "../shared/evaluation/deeprior_training_set.csv"

    @Option(name: .shortAndLong, help: "Folder to write the models to.")
    var output: String = "Models"

    @Option(help: "Random seed.")
    var seed: UInt64 = TrainingSettings().seed

    @OptionGroup var chain: ChainOptions

    func run() throws {
        try withContractExitCodes {
            let base = try kb.open()
            // One profile per knowledge base, so the features match what scoring with that KB computes
            // (`make train` runs this on the core and the full knowledge base).
            let probe = try FeatureExtractor(knowledgeBase: base)
            let profiles = [probe.available]
            var settings = TrainingSettings()
            settings.seed = seed
            let trainer = ModelTrainer(settings: settings)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let trainingName = URL(fileURLWithPath: training).lastPathComponent
            let digest = try FileDigest.sha256(path: training)
            for profile in profiles {
                let loader = try LabelledSetLoader(knowledgeBase: base, profile: profile, liftover: try chain.liftover())
                let examples = try loader.load(training)
                let fallbacks = examples.filter { $0.fusion == nil }
                try StandardOutput.line(
                    "profile \(loader.profile.name): \(examples.count) training rows, \(fallbacks.count) not annotatable (fallback features; \(fallbacks.filter { $0.row.label == 1 }.count) positive), \(examples.filter { $0.fusion != nil && $0.fallbackReason != nil }.count) annotated with other genes than named"
                )
                for deNovo in [true, false] {
                    for kind in [ModelKind.network, .logistic] {
                        let started = Date()
                        let name = ModelStore.fileName(profile: loader.profile.name, deNovo: deNovo, kind: kind).replacingOccurrences(of: ".txt", with: "")
                        let result = trainer.train(
                            examples.map(\.trainingExample), kind: kind, deNovo: deNovo, profile: loader.profile, name: name,
                            knowledgeBaseBuild: "\(base.info.buildID) (\(loader.profile.name))", trainingData: "\(trainingName) sha256:\(digest)")
                        let path = URL(fileURLWithPath: output).appendingPathComponent(name + ".txt").path
                        try AtomicFile.write(result.model.text(), to: path)
                        try StandardOutput.line(
                            "  \(name): \(result.model.inputs.count) inputs, \(result.bestEpoch) epochs, out-of-fold AUROC \(String(format: "%.3f", result.crossValidationAUROC)) on \(result.validatedRows) rows, driver ≥ \(result.model.driverThreshold), passenger < \(result.model.passengerThreshold) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s) → \(path)"
                        )
                    }
                }
            }
        }
    }
}

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Metrics of the shipped models on labelled tables, next to trivial rules and published figures.")

    @OptionGroup var tables: LabelledTablesOptions
    @OptionGroup var kb: KnowledgeBaseOptions
    @OptionGroup var models: ModelsOptions

    @Flag(help: "Only the strict de novo models (no known-fusion, normal-tissue or pair-literature features).")
    var deNovo = false

    @Option(help: "Also write the table to this file.")
    var output: String?

    @Option(help: "Write every row's prediction (TSV) to this file.")
    var predictions: String?

    @Option(help: "The training table; rows of the labelled tables whose pair it also names are then reported apart.")
    var training: String?

    func run() throws {
        try withContractExitCodes {
            let requested = [("--output", output), ("--predictions", predictions)].compactMap { option, path in path.map { (option: option, path: $0) } }
            let reads = tables.reads(kb) + (training.map { [("training table", $0)] } ?? [])
            let targets = try OutputPlan.check(closedAtStart: StandardOutput.closedDescriptors, requested, reads: reads)
            let base = try kb.open()
            guard let folder = ModelStore.locate(explicit: models.models) else {
                throw InputError(file: "Models", line: nil, "cannot find the driver models; pass --models DIR or run `fusionboard train`")
            }
            let probe = try FeatureExtractor(knowledgeBase: base)
            let liftover = try tables.chain.liftover()
            let trainingPairs = try training.map { path in
                Set(try LabelledReader(path: path, liftover: try liftover ?? base.liftover()).readRows().map { ModelEvaluation.pairKey($0.pair) })
            }
            var rows = [ModelEvaluation.predictionColumns.joined(separator: "\t")]
            let report = try ModelEvaluation.run(
                knowledgeBase: base, modelsFolder: folder, available: probe.available, tables: tables.labelled, modes: deNovo ? [true] : [true, false],
                liftover: liftover, trainingPairs: trainingPairs, predictions: predictions == nil ? nil : { rows.append($0) })
            let texts = ["--output": report, "--predictions": rows.joined(separator: "\n") + "\n"]
            try AtomicFile.write(targets.map { ($0, texts[$0.option] ?? "") })
            try StandardOutput.write(report)
        }
    }
}
