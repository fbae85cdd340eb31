import Foundation
import Testing

@testable import FusionBoardCore

/// Mechanism classes over a labelled set (../shared/evaluation): junctions rebuilt from each row's breakpoints
/// (GRCh37 rows lifted to GRCh38; breakends at the point when both fall in introns, else 30 bases into the intron),
/// explained in de novo mode (the labels come from the known-fusion databases).
enum MechanismCensus {
    struct Result {
        var counts: [String: [MechanismClass: Int]] = [:]
        var notBuilt: [String: Int] = [:]
        func share(_ label: String, _ classes: Set<MechanismClass>) -> Double {
            let c = counts[label] ?? [:]
            let total = c.values.reduce(0, +)
            return total == 0 ? 0 : Double(c.filter { classes.contains($0.key) }.values.reduce(0, +)) / Double(total)
        }
    }

    static func run(_ file: String) throws -> Result {
        let kb = try Fixtures.knowledgeBase()
        let liftover = try #require(try kb.liftover())
        let annotator = try Annotator(knowledgeBase: kb)
        let collector = EvidenceCollector(knowledgeBase: kb)
        let explainer = Explainer(knowledgeBase: nil)
        let text = try String(contentsOfFile: Fixtures.sharedFile(file), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var result = Result()
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            var row: [String: String] = [:]
            for (i, name) in header.enumerated() where i < fields.count { row[name] = fields[i] }
            let pair = (row["FusionPair"] ?? "").split(separator: "_").map(String.init)
            guard let label = row["Label"], let version = row["Version"], ["grch37", "grch38"].contains(version), pair.count == 2, let c5 = row["Chr5p"], let c3 = row["Chr3p"],
                let p5 = Int(row["Coord5p"] ?? ""), let p3 = Int(row["Coord3p"] ?? ""), let s5 = Strand(rawValue: row["5pStrand"] ?? ""),
                let s3 = Strand(rawValue: row["3pStrand"] ?? "")
            else { result.notBuilt["unparsed", default: 0] += 1; continue }
            func build(_ offset: Int) -> FusionCandidate? {
                try? ExplanationSupport.fusion(
                    kb, gene5: pair[0], chrom5: c5, pos5: p5, strand5: s5, gene3: pair[1], chrom3: c3, pos3: p3, strand3: s3, offset: offset,
                    liftover: liftover, annotator: annotator, grch38: version == "grch38")
            }
            let atPoint = build(0)
            let fusion = atPoint.flatMap { $0.fivePrime.location.region == .intron && $0.threePrime.location.region == .intron ? $0 : nil } ?? build(30)
            guard let fusion else { result.notBuilt["label \(label)", default: 0] += 1; continue }
            let e = explainer.explain(fusion: fusion, evidence: try collector.collect(fusion), score: nil, deNovo: true, tumourType: nil)
            result.counts[label, default: [:]][e.mechanism.mechanismClass, default: 0] += 1
        }
        return result
    }
}

@Suite("Explanation: mechanisms over a labelled set")
struct ExplanationCensusTests {
    static let driverClasses: Set<MechanismClass> = [.kinaseActivation, .transcriptionFactorChimera, .promoterSwap]

    /// DeePrior training set: driver mechanisms go to driver-labelled pairs far more often than to the normal-tissue
    /// negatives, which are mostly called likely passengers.
    @Test func driverMechanismsFollowTheLabels() throws {
        let census = try MechanismCensus.run("evaluation/deeprior_training_set.csv")
        for (label, counts) in census.counts.sorted(by: { $0.key < $1.key }) {
            print("mechanisms label \(label): " + counts.sorted { $0.value > $1.value }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
        }
        print("not built: \(census.notBuilt)")
        let drivers1 = census.share("1", Self.driverClasses), drivers0 = census.share("0", Self.driverClasses)
        #expect(drivers1 > 3 * drivers0, "driver mechanisms: label 1 \(drivers1), label 0 \(drivers0)")
        #expect(census.share("0", [.likelyPassenger]) > 0.5)
        #expect(census.share("1", [.likelyPassenger]) < 0.2)
    }

    /// The same census over any labelled file, printed (`FUSIONBOARD_CENSUS=evaluation/deeprior_training_set.csv`).
    @Test func censusOfAChosenFile() throws {
        guard let file = ProcessInfo.processInfo.environment["FUSIONBOARD_CENSUS"] else { return }
        let census = try MechanismCensus.run(file)
        for (label, counts) in census.counts.sorted(by: { $0.key < $1.key }) {
            let total = counts.values.reduce(0, +)
            print("census \(file) label \(label) n=\(total): " + counts.sorted { $0.value > $1.value }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " "))
        }
        print("census not built: \(census.notBuilt)")
    }
}
