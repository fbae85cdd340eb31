import Foundation
import Testing

@testable import FusionBoardCore

/// Features and scores of real fusions: the sample patients through the pipeline and the shipped models.
@Suite("Driver scoring")
struct ScoringTests {
    static func kif5bRet(_ kb: KnowledgeBase) throws -> ScoredFusion {
        let analysis = try Pipeline(knowledgeBase: kb, options: PipelineOptions()).run(inputs: [Fixtures.sample("P001-lung-KIF5B-RET.vcf")], sample: nil)
        return try #require(analysis.fusions.first { $0.fusion.name == "KIF5B::RET" })
    }

    @Test func kif5bRetIsScoredByATrainedModelWithExactContributions() throws {
        let kb = try Fixtures.knowledgeBase()
        let scored = try Self.kif5bRet(kb)
        let score = scored.score
        #expect(!score.isPlaceholder)
        #expect(score.scorer.contains("driver-"))
        #expect(score.scorer.contains("KB profile"))
        #expect(abs(score.baseline + score.contributions.map(\.contribution).reduce(0, +) - score.modelOutput) < 1e-6)
        #expect(score.probability > 0.5, "an in-frame kinase fusion scored \(score.probability)")
        #expect(score.driverClass == .likelyDriver)
        for c in score.contributions where c.group == FeatureGroup.frameRegion.rawValue { #expect(!c.sources.isEmpty) }
    }

    @Test func scoreJSONUsesTheContractKeys() throws {
        let kb = try Fixtures.knowledgeBase()
        let score = try Self.kif5bRet(kb).score
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(score)) as? [String: Any]
        for key in ["driver_probability", "class", "model_output", "baseline", "contributions"] { #expect(object?[key] != nil, "missing \(key)") }
        let first = (object?["contributions"] as? [[String: Any]])?.first
        for key in ["feature", "group", "value", "contribution", "sources"] { #expect(first?[key] != nil, "missing contribution key \(key)") }
    }

    @Test func featuresOfKIF5BRETDescribeTheFusion() throws {
        let kb = try Fixtures.knowledgeBase()
        let fusion = try Self.kif5bRet(kb).fusion
        let extractor = try FeatureExtractor(knowledgeBase: kb)
        let v = try extractor.extract(fusion)
        #expect(v["frame_in_frame"] == 1 && v["frame_out_of_frame"] == 0)
        #expect(v["break5_in_cds"] == 1 && v["break3_in_cds"] == 1)
        #expect(v["same_chromosome"] == 1)
        #expect(v["sv_inversion"] == 1)
        #expect(v["cds_fraction_kept_5p"] > 0.3 && v["cds_fraction_kept_5p"] < 0.8)
        #expect(v["structure_unknown"] == 0)
        // Absent sources are marked unknown, never a silent zero.
        #expect(v["domains_unknown"] == (extractor.profile.domains ? 0 : 1))
        #expect(v["roles_unknown"] == (extractor.profile.roles ? 0 : 1))
        #expect(v["known_fusions_unknown"] == (extractor.profile.knownFusions ? 0 : 1))
        if extractor.profile.domains { #expect(v["kinase_retained_3p"] == 1) }
    }

    @Test func anExactExonBoundaryChangesNoFeature() throws {
        let kb = try Fixtures.knowledgeBase()
        let original = try Self.kif5bRet(kb).fusion
        let t5 = original.fivePrime.transcript
        let last = try #require(original.fivePrime.keptExons?.upperBound)
        let i = t5.genomicIndex(ofExon: last)
        let donor = t5.strand == .plus ? t5.exonEnds[i] : t5.exonStarts[i]
        let insideExon = t5.strand == .plus ? donor - 7 : donor + 7
        let inIntron = t5.strand == .plus ? donor + 40 : donor - 40
        let annotator = try Annotator(knowledgeBase: kb)
        let extractor = try FeatureExtractor(knowledgeBase: kb)
        var vectors: [FeatureVector] = []
        for position in [donor, insideExon, inIntron] {
            let b5 = Breakend(id: "x", position: GenomicPosition(chromosome: t5.chromosome, position: position), keptSide: original.breakend5.keptSide)
            let junction = Junction(recordIDs: ["x"], first: b5, second: original.breakend3, svType: .inversion, line: 1)
            let fusion = try #require(try annotator.annotate(junction).fusions.first { $0.name == "KIF5B::RET" })
            vectors.append(try extractor.extract(fusion))
        }
        // Only the breakpoint distance moves (by the bases shifted); every other feature is identical.
        let distance = FeatureSchema.index["distance"]!
        func withoutDistance(_ v: FeatureVector) -> [Double] { v.values.enumerated().filter { $0.offset != distance }.map(\.element) }
        #expect(withoutDistance(vectors[0]) == withoutDistance(vectors[1]))
        #expect(withoutDistance(vectors[0]) == withoutDistance(vectors[2]))
        #expect(abs(vectors[0]["distance"] - vectors[2]["distance"]) < 1e-4)
    }

    @Test func deNovoScoresUseNoKnownFusionEvidence() throws {
        let kb = try Fixtures.knowledgeBase()
        let scorer = try ModelDriverScorer(knowledgeBase: kb, deNovo: true)
        #expect(scorer.model.deNovo)
        let known = Set(FeatureSchema.features.filter(\.knownFusionEvidence).map(\.key))
        let score = try scorer.score(Self.kif5bRet(kb).fusion, evidence: FusionEvidence(items: []), deNovo: true)
        for c in score.contributions {
            for key in c.feature.split(separator: ",") { #expect(!known.contains(String(key)), "\(key) used de novo") }
        }
        #expect(score.scorer.contains("de novo"))
        #expect(abs(score.baseline + score.contributions.map(\.contribution).reduce(0, +) - score.modelOutput) < 1e-6)
    }

    @Test func theLogisticBaselineAttributesPerFeatureExactly() throws {
        let kb = try Fixtures.knowledgeBase()
        let probe = try FeatureExtractor(knowledgeBase: kb)
        let model = try ModelStore.load(folder: Fixtures.root.appendingPathComponent("Models").path, available: probe.available, deNovo: true, kind: .logistic)
        let scorer = try ModelDriverScorer(knowledgeBase: kb, model: model)
        let score = try scorer.score(Self.kif5bRet(kb).fusion, evidence: FusionEvidence(items: []), deNovo: true)
        #expect(score.contributions.count == model.inputs.count)
        #expect(abs(score.baseline + score.contributions.map(\.contribution).reduce(0, +) - score.modelOutput) < 1e-9)
    }
}
