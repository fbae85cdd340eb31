import Foundation
import Testing

@testable import FusionBoardCore

/// Metrics, the labelled-table reader and the evaluate command.
@Suite("Evaluation")
struct EvaluationTests {
    @Test func aurocAndAveragePrecisionMatchTheTextbookExample() {
        // The scikit-learn documentation example: roc_auc_score = 0.75, average_precision_score = 0.8333….
        let labels = [0, 0, 1, 1], scores = [0.1, 0.4, 0.35, 0.8]
        #expect(abs(Metrics.auroc(scores: scores, labels: labels) - 0.75) < 1e-12)
        #expect(abs(Metrics.auprc(scores: scores, labels: labels) - 5.0 / 6.0) < 1e-12)
        // Ties count one half; one class alone has no AUROC.
        #expect(Metrics.auroc(scores: [1, 1, 1, 1], labels: labels) == 0.5)
        #expect(Metrics.auroc(scores: [0.2, 0.3], labels: [1, 1]).isNaN)
    }

    @Test func confusionCountsAndTheBootstrapInterval() {
        let c = Metrics.confusion(predicted: [true, true, false, false, true], labels: [1, 0, 0, 1, 1])
        #expect(c.tp == 2 && c.fp == 1 && c.tn == 1 && c.fn == 1)
        #expect(abs(c.f1 - 2.0 / 3.0) < 1e-12)
        #expect(abs(c.accuracy - 0.6) < 1e-12)
        var rng = SeededGenerator(seed: 4)
        let labels = (0..<400).map { _ in Int(rng.next() % 2) }
        let scores = labels.map { Double($0) * 0.8 + rng.unit() }
        let auc = Metrics.auroc(scores: scores, labels: labels)
        let (low, high) = Metrics.aurocInterval(scores: scores, labels: labels, resamples: 300)
        #expect(low < auc && auc < high && high - low < 0.1)
    }

    @Test func theTrainingTableReadsEveryRowWithItsLabelAndBuild() throws {
        let kb = try Fixtures.knowledgeBase()
        let path = Fixtures.sharedFile("evaluation/deeprior_training_set.csv")
        #expect(try InputReader.detect(path) == .labelled)
        let rows = try LabelledReader(path: path, liftover: try kb.liftover()).readRows()
        #expect(rows.count == 1765)
        #expect(rows.filter { $0.label == 1 }.count == 1059)
        #expect(rows.allSatisfy { $0.build == .grch37 })
        // CCDC6_RET (row 0): CCDC6 on −, so the 5′ breakend keeps the right side; RET on +, the 3′ keeps the right.
        let first = try #require(rows.first)
        #expect(first.id == "0" && first.pair == "CCDC6_RET")
        let junction = try #require(first.junction)
        #expect(junction.first.inputPosition == GenomicPosition(chromosome: "10", position: 61_665_880))
        #expect(junction.first.position != junction.first.inputPosition)  // lifted to GRCh38
        #expect(junction.first.keptSide == .right && junction.second?.keptSide == .right)
        #expect(junction.namedGene5 == "CCDC6" && junction.namedGene3 == "RET")
    }

    @Test func theChimerDriverTableWithTwoIndexColumnsReadsBothBuilds() throws {
        let kb = try Fixtures.knowledgeBase()
        let rows = try LabelledReader(path: Fixtures.sharedFile("evaluation/chimerdriver_test_set.csv"), liftover: try kb.liftover()).readRows()
        #expect(rows.count == 4877)
        #expect(Set(rows.map(\.build)) == [.grch37, .grch38])
        let grch38 = try #require(rows.first { $0.build == .grch38 && $0.junction != nil })
        #expect(grch38.junction?.first.position == grch38.junction?.first.inputPosition)
    }

    @Test func aBrokenLabelNamesTheFileAndLine() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("bad.csv").path
        let header = "\tFusionPair\tLabel\tVersion\tChr5p\tCoord5p\t5pStrand\t5pCommonName\tChr3p\tCoord3p\t3pStrand\t3pCommonName"
        try (header + "\n0\tA_B\t1\tgrch38\t1\t100\t+\tA\t2\t200\t+\tB\n1\tC_D\tyes\tgrch38\t1\t100\t+\tC\t2\t200\t+\tD\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            try LabelledReader(path: path, liftover: nil).readRows()
        } throws: { error in
            let e = error as? InputError
            return e?.file == path && e?.line == 3 && e?.message.contains("Label") == true
        }
        let noColumns = dir.appendingPathComponent("cols.csv").path
        try "\tFusionPair\tLabel\n0\tA_B\t1\n".write(toFile: noColumns, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try LabelledReader(path: noColumns, liftover: nil).readRows() }
    }

    @Test func everyRowGetsFeaturesEvenWhenItCannotBeAnnotated() throws {
        let kb = try Fixtures.knowledgeBase()
        let loader = try LabelledSetLoader(knowledgeBase: kb)
        let examples = try loader.load(Fixtures.sharedFile("evaluation/deeprior_test_set_1.csv"))
        #expect(examples.count == 156)
        let fallbacks = examples.filter { $0.fusion == nil }
        #expect(fallbacks.allSatisfy { $0.features["structure_unknown"] == 1 && $0.fallbackReason != nil })
        #expect(examples.filter { $0.fusion != nil }.allSatisfy { $0.features["structure_unknown"] == 0 })
        #expect(fallbacks.count < examples.count / 5)
    }

    @Test func evaluatePrintsTheTableWithBaselineAndTrivialRules() throws {
        // A small labelled table: the header and rows of the test set 1, taken at run time.
        let source = try String(contentsOfFile: Fixtures.sharedFile("evaluation/deeprior_test_set_1.csv"), encoding: .utf8)
        let lines = source.split(separator: "\n")
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("deeprior_test_set_1_part.csv").path
        try (([lines[0]] + lines.dropFirst().prefix(60)).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["evaluate", path])
        #expect(result.status == 0, "\(result.stderr)")
        for text in ["| set | predictor |", "network", "logistic baseline", "strict de novo", "all evidence", "rule: all positive", "rule: intra-chromosomal", "DEEPrior (published)"] {
            #expect(result.stdout.contains(text), "missing \(text)")
        }
        let strict = try CLI.run(["evaluate", "--de-novo", path])
        #expect(strict.status == 0)
        #expect(!strict.stdout.contains("all evidence"))
        let missing = try CLI.run(["evaluate", dir.appendingPathComponent("nope.csv").path])
        #expect(missing.status == 1)
    }

    /// The protocol's checks after the main table: subgroups (pairs shared with the training table set apart,
    /// chromosome layout) and calibration. A small table mixes rows of test set 1 with rows of the training set;
    /// the counts and the Brier score are recomputed here from the tables and from `--predictions`.
    @Test func evaluateReportsSubgroupsAndCalibration() throws {
        let test = try String(contentsOfFile: Fixtures.sharedFile("evaluation/deeprior_test_set_1.csv"), encoding: .utf8).split(separator: "\n")
        let training = try String(contentsOfFile: Fixtures.sharedFile("evaluation/deeprior_training_set.csv"), encoding: .utf8).split(separator: "\n")
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mixed.csv").path
        // Both files share the column layout from FusionPair on; the training set has no "Unnamed" index columns.
        #expect(test[0] == training[0])
        // Both ends of each file: the rows are sorted by label, positives first.
        let rows = Array(test.dropFirst().prefix(30)) + Array(test.suffix(12)) + Array(training.dropFirst().prefix(12)) + Array(training.suffix(12))
        try (([test[0]] + rows).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let predictions = dir.appendingPathComponent("predictions.tsv").path
        let run = try CLI.run([
            "evaluate", "--de-novo", "--training", Fixtures.sharedFile("evaluation/deeprior_training_set.csv"), "--predictions", predictions, path,
        ])
        #expect(run.status == 0, "\(run.stderr)")

        let mixed = parseTSV(([test[0]] + rows).joined(separator: "\n"))
        let trainingPairs = Set(parseTSV(training.joined(separator: "\n")).compactMap { $0["FusionPair"]?.uppercased() })
        let kept = mixed.filter { !trainingPairs.contains($0["FusionPair"]!.uppercased()) }
        let shared = mixed.count - kept.count
        #expect(shared >= 24, "the training rows should be recognised")
        let keptPositives = kept.filter { $0["Label"] == "1" }.count
        #expect(run.stdout.contains("| mixed: pair not in the training set | network | strict de novo (full) | \(keptPositives)/\(kept.count - keptPositives) |"), "\(run.stdout)")
        #expect(run.stdout.contains("mixed: \(shared) rows (\(mixed.filter { $0["Label"] == "1" }.count - keptPositives) positive)"))
        #expect(Set(mixed.map { $0["Label"] }) == ["0", "1"])
        #expect(run.stdout.contains("mixed: inter-chromosomal") && run.stdout.contains("mixed: intra-chromosomal"))

        // Calibration: the Brier score from the printed probabilities, and bins that hold every row.
        let network = parseTSV(try String(contentsOfFile: predictions, encoding: .utf8)).filter { $0["predictor"] == "network" }
        #expect(network.count == mixed.count)
        let brier = network.map { row -> Double in
            let p = Double(row["driver_probability"]!)!, y = Double(row["label"]!)!
            return (p - y) * (p - y)
        }.reduce(0, +) / Double(network.count)
        let summary = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("| mixed | network | strict de novo (full) | \(mixed.count) |") })
        // Cells without the empty text before the first bar: set, predictor, mode, rows, driver fraction, mean, Brier, ECE.
        let brierPrinted = try #require(Double(summary.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[6]))
        #expect(abs(brierPrinted - brier) < 0.002, "\(summary) against \(brier)")
        let binRows = run.stdout.split(separator: "\n").filter { $0.hasPrefix("| mixed | network | 0.") }
        #expect(binRows.map { Int($0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[3])! }.reduce(0, +) == mixed.count)
    }

    @Test func featuresWritesOneRowPerLabelledFusionInSchemaOrder() throws {
        let dir = try Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("features.tsv").path
        let run = try CLI.run(["features", Fixtures.sharedFile("evaluation/deeprior_test_set_1.csv"), "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        #expect(Array(header.suffix(FeatureSchema.features.count)) == FeatureSchema.features.map(\.key))
        #expect(lines.count == 157)
        let fallback = try #require(header.firstIndex(of: "fallback")), unknown = try #require(header.firstIndex(of: "structure_unknown"))
        for row in lines.dropFirst() {
            #expect(row.count == header.count)
            #expect((row[fallback] == "1") == (Double(row[unknown]) == 1))
        }
        let missing = try CLI.run(["features", "-o", out])
        #expect(missing.status == 1)
    }
}
