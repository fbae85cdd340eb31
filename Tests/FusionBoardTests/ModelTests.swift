import Foundation
import Testing

@testable import FusionBoardCore

/// The driver model itself: exact attributions, text format, reproducible training, gene-grouped folds.
@Suite("Driver model")
struct ModelTests {
    /// A network over inputs from several groups with seeded random weights.
    static func randomNetwork(inputs: [String], hidden: Int = 6, seed: UInt64 = 11) -> DriverModel {
        var rng = SeededGenerator(seed: seed)
        let d = inputs.count
        return DriverModel(
            name: "test", kind: .network, profile: .core, deNovo: true, knowledgeBaseBuild: "test", trainingData: "none", seed: seed,
            inputs: inputs, mean: Array(repeating: 0, count: d), scale: Array(repeating: 1, count: d),
            hidden: (0..<hidden).map { _ in (0..<d).map { _ in rng.normal() } }, hiddenBias: (0..<hidden).map { _ in rng.normal() },
            output: (0..<hidden).map { _ in rng.normal() }, outputBias: 0.3)
    }

    static let mixedInputs = ["kinase_retained_3p", "frame_in_frame", "cds_fraction_kept_5p", "oncogene_3p", "pubmed_5p", "adjacent_same_strand", "utr3_kept_5p", "distance"]

    /// Shapley values by brute force over every ordering of the groups (independent of the subset formula).
    static func permutationShapley(_ model: DriverModel, _ z: [Double]) -> [Double] {
        let groups = model.groups
        var phi = [Double](repeating: 0, count: groups.count)
        func permutations(_ items: [Int]) -> [[Int]] {
            if items.count <= 1 { return [items] }
            return items.indices.flatMap { i -> [[Int]] in
                var rest = items
                let head = rest.remove(at: i)
                return permutations(rest).map { [head] + $0 }
            }
        }
        let orders = permutations(Array(groups.indices))
        for order in orders {
            var probe = [Double](repeating: 0, count: z.count)
            var previous = model.logit(probe)
            for k in order {
                for i in groups[k].indices { probe[i] = z[i] }
                let now = model.logit(probe)
                phi[k] += (now - previous) / Double(orders.count)
                previous = now
            }
        }
        return phi
    }

    @Test func groupShapleyAddsUpToTheLogitExactly() {
        let model = Self.randomNetwork(inputs: Self.mixedInputs)
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let z = Self.mixedInputs.map { _ in rng.normal() * 2 }
            let (baseline, phi) = model.groupShapley(z)
            #expect(abs(baseline + phi.reduce(0, +) - model.logit(z)) < 1e-9)
        }
    }

    @Test func groupShapleyMatchesThePermutationDefinition() {
        let model = Self.randomNetwork(inputs: Self.mixedInputs, seed: 5)
        #expect(model.groups.count == 7)  // kinase, frame+cds, roles, literature, artefact, UTRs, distance
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<5 {
            let z = Self.mixedInputs.map { _ in rng.normal() }
            let exact = model.groupShapley(z).values
            let brute = Self.permutationShapley(model, z)
            for (a, b) in zip(exact, brute) { #expect(abs(a - b) < 1e-9) }
        }
    }

    @Test func aGroupTheNetworkIgnoresGetsNothing() {
        var model = Self.randomNetwork(inputs: Self.mixedInputs)
        let ignored = FeatureSchema.index["pubmed_5p"]!
        let column = model.inputs.firstIndex(of: FeatureSchema.features[ignored].key)!
        for h in model.hidden.indices { model.hidden[h][column] = 0 }
        let z = Self.mixedInputs.map { _ in 1.7 }
        let literature = model.groups.firstIndex { $0.group == .literature }!
        #expect(abs(model.groupShapley(z).values[literature]) < 1e-12)
    }

    @Test func modelTextRoundTripsToTheSameOutputs() throws {
        var model = Self.randomNetwork(inputs: Self.mixedInputs)
        model.calibrationA = 0.8
        model.calibrationB = -0.1
        model.driverThreshold = 0.42
        model.passengerThreshold = 0.2
        let parsed = try DriverModel(text: model.text(), file: "test.txt")
        #expect(parsed.inputs == model.inputs)
        #expect(try DriverModel(text: parsed.text(), file: "again.txt").text() == parsed.text())
        #expect(parsed.driverThreshold == 0.42 && parsed.passengerThreshold == 0.2)
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<20 {
            let z = Self.mixedInputs.map { _ in rng.normal() }
            #expect(abs(parsed.logit(z) - model.logit(z)) < 1e-5)
            #expect(abs(parsed.probability(logit: 1.3) - model.probability(logit: 1.3)) < 1e-6)
        }
    }

    @Test func aModelFileWithoutWeightsNamesWhatIsMissing() {
        let text = Self.randomNetwork(inputs: Self.mixedInputs).text().split(separator: "\n").filter { !$0.hasPrefix("output ") }.joined(separator: "\n")
        #expect {
            try DriverModel(text: text, file: "broken.txt")
        } throws: { error in
            (error as? InputError)?.message.contains("'output'") == true && (error as? InputError)?.file == "broken.txt"
        }
    }

    @Test func shippedModelsLoadAndTheDeNovoOnesReadNoKnownFusionEvidence() throws {
        let folder = Fixtures.root.appendingPathComponent("Models").path
        for deNovo in [true, false] {
            for kind in [ModelKind.network, .logistic] {
                let model = try ModelStore.load(folder: folder, available: .core, deNovo: deNovo, kind: kind)
                #expect(model.kind == kind)
                #expect(model.deNovo == deNovo)
                #expect(model.driverThreshold >= model.passengerThreshold)
                if deNovo {
                    for key in model.inputs {
                        let feature = FeatureSchema.features[FeatureSchema.index[key]!]
                        #expect(!feature.knownFusionEvidence, "\(key) in a de novo model")
                        #expect(ModelInputs.deNovoGroups.contains(feature.group), "\(key) in a de novo model")
                    }
                }
            }
        }
    }

    @Test func geneFoldsNeverSplitAGeneAcrossFolds() {
        let genes = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"]
        var rng = SeededGenerator(seed: 2)
        let examples = (0..<300).map { _ in
            TrainingExample(
                features: FeatureVector(), label: Int(rng.next() % 2), gene5: genes[Int(rng.next() % 12)], gene3: genes[Int(rng.next() % 12)])
        }
        let folds = ModelTrainer.geneFolds(examples, folds: 4)
        var foldOfGene: [String: Int] = [:]
        for (e, f) in zip(examples, folds) where f >= 0 {
            for g in [e.gene5, e.gene3] {
                if let seen = foldOfGene[g] { #expect(seen == f, "gene \(g) in folds \(seen) and \(f)") }
                foldOfGene[g] = f
            }
        }
        // Rows left out of validation are exactly those whose genes sit in different folds.
        for (e, f) in zip(examples, folds) where f < 0 {
            #expect(foldOfGene[e.gene5] == nil || foldOfGene[e.gene3] == nil || foldOfGene[e.gene5] != foldOfGene[e.gene3])
        }
        #expect(Set(folds.filter { $0 >= 0 }).count > 1)
    }

    @Test func trainingOnTheSameDataWithTheSameSeedGivesTheSameModel() throws {
        let kb = try Fixtures.knowledgeBase()
        let loader = try LabelledSetLoader(knowledgeBase: kb, profile: .core)
        let all = try loader.load(Fixtures.sharedFile("evaluation/deeprior_training_set.csv"))
        // A spread-out subset keeps the suite fast.
        let subset = stride(from: 0, to: all.count, by: 6).map { all[$0].trainingExample }
        var settings = TrainingSettings()
        settings.maxEpochs = 15
        settings.hiddenUnits = 4
        let trainer = ModelTrainer(settings: settings)
        func run() -> TrainingResult {
            trainer.train(subset, kind: .network, deNovo: true, profile: .core, name: "t", knowledgeBaseBuild: "t", trainingData: "t")
        }
        let a = run(), b = run()
        #expect(a.model.text() == b.model.text())
        #expect(a.crossValidationAUROC > 0.6)
        // Calibration comes from out-of-fold predictions: the calibrated mean is near the training prevalence.
        let meanP = a.outOfFold.map(\.probability).reduce(0, +) / Double(a.outOfFold.count)
        let prevalence = Double(a.outOfFold.filter { $0.label == 1 }.count) / Double(a.outOfFold.count)
        #expect(abs(meanP - prevalence) < 0.05)
    }
    /// `fusionboard train` reproduces the shipped `Models/` (both profiles: the core models with the core knowledge
    /// base and the chain, the full ones with the full knowledge base): same inputs, settings, thresholds and notes,
    /// and every number equal to within 1e-4 + 1e-3·|x| (the files keep 7 significant digits; another CPU's libm may
    /// move a last digit). Runs the release binary `make test` builds (training in a debug build takes minutes).
    @Test func trainReproducesTheShippedModels() throws {
        let binary = Fixtures.root.appendingPathComponent(".build/release/fusionboard").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("no release build at \(binary): run 'make test' (it builds one for the knowledge bases)")
            return
        }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let training = Fixtures.sharedFile("evaluation/deeprior_training_set.csv")
        let chain = Fixtures.sharedFile("kb-sources/liftover/hg19ToHg38.over.chain.gz")
        for arguments in [
            ["--kb", Fixtures.coreKnowledgeBasePath, "--chain", chain], ["--kb", Fixtures.knowledgeBasePath],
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["train"] + arguments + ["--training", training, "--output", dir.path]
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "train \(arguments): \(stderr)")
        }
        let shipped = Fixtures.root.appendingPathComponent("Models")
        let names = try FileManager.default.contentsOfDirectory(atPath: shipped.path).filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count == 8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted() == names)
        for name in names {
            let expected = try String(contentsOf: shipped.appendingPathComponent(name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let trained = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(expected.count == trained.count, "\(name): \(trained.count) lines, shipped \(expected.count)")
            for (number, (a, b)) in zip(expected, trained).enumerated() where a != b {
                let ta = a.split(separator: " "), tb = b.split(separator: " ")
                let close = ta.count == tb.count && zip(ta, tb).allSatisfy { x, y in
                    if x == y { return true }
                    // Numbers also appear in the notes as `a=1.0037` or `0.9677;`.
                    func number(_ token: Substring) -> Double? {
                        Double(token.split(separator: "=").last?.trimmingCharacters(in: CharacterSet(charactersIn: ";,()")) ?? "")
                    }
                    guard let u = number(x), let v = number(y) else { return false }
                    return abs(u - v) <= 1e-4 + 1e-3 * abs(u)
                }
                #expect(close, "\(name) line \(number + 1) differs from the shipped model: retrain with 'make train'\n  shipped: \(a.prefix(160))\n  trained: \(b.prefix(160))")
                if !close { break }
            }
        }
    }
}
