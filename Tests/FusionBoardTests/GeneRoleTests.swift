import Foundation
import Testing

@testable import FusionBoardCore

/// One decision on a gene's roles (GeneRoleCall, docs/KNOWLEDGE-BASE.md "Gene roles: one decision"): OncoKB's gene
/// type decides when OncoKB types the gene; otherwise a CancerMine role needs enough citations and a large enough
/// share. Checked on the real knowledge base, with expectations derived from its own rows.
@Suite("Gene roles")
struct GeneRoleTests {
    static func oncoKBType(_ kb: KnowledgeBase, _ gene: String) throws -> String? {
        try kb.roles(of: gene).filter { KnowledgeBase.sourceName($0.provenance.source, is: "OncoKB cancer gene list") }
            .compactMap(\.detail).first { $0.hasPrefix("OncoKB gene type ") }
            .map { String($0.dropFirst("OncoKB gene type ".count).prefix { $0 != ";" }) }
    }

    /// CancerMine citations of a gene as (oncogene, tumour suppressor), summed over cancer types, from the rows.
    static func cancerMine(_ kb: KnowledgeBase, _ gene: String) throws -> (oncogene: Int, suppressor: Int) {
        let rows = try kb.roles(of: gene).filter { KnowledgeBase.sourceName($0.provenance.source, is: "CancerMine") }
        func sum(_ role: String) -> Int { rows.filter { $0.role == role }.compactMap(\.citations).reduce(0, +) }
        return (sum("oncogene"), sum("tumour_suppressor"))
    }

    static func fullKnowledgeBase() throws -> KnowledgeBase {
        let kb = try Fixtures.knowledgeBase()
        try #require(kb.hasSource(named: "CancerMine") && kb.hasSource(named: "OncoKB cancer gene list"), "needs the full knowledge base")
        return kb
    }

    /// RET: OncoKB ONCOGENE, over a thousand CancerMine citations as oncogene and a handful as tumour suppressor. It is an
    /// oncogene and not a tumour suppressor; the evidence row says "no" and why, in English and Japanese, and keeps the rows.
    @Test func retIsAnOncogeneAndItsFewTumourSuppressorRowsAreSetAside() throws {
        let kb = try Self.fullKnowledgeBase()
        #expect(try Self.oncoKBType(kb, "RET") == "ONCOGENE")
        let counts = try Self.cancerMine(kb, "RET")
        try #require(counts.suppressor > 0 && counts.oncogene > 1000, "the case this rule is for: \(counts)")
        let call = GeneRoleCall(try kb.roles(of: "RET"))
        #expect(call.oncogene && !call.tumourSuppressor)
        #expect(call.tumourSuppressorSetAside && !call.oncogeneSetAside)
        #expect(call.cancerMineOncogene == counts.oncogene && call.cancerMineSuppressor == counts.suppressor)

        let evidence = try EvidenceCollector(knowledgeBase: kb).collectGeneLevel(gene5: "KIF5B", gene3: "RET")
        let tsg = try #require(evidence["tumour_suppressor_3p"])
        #expect(tsg.value == .flag(false))
        let detail = try #require(tsg.detail)
        #expect(
            detail.hasPrefix(
                "set aside: CancerMine \(GeneRoleCall.grouped(counts.suppressor)) citations as tumour suppressor against \(GeneRoleCall.grouped(counts.oncogene)) as oncogene; OncoKB: ONCOGENE"),
            "\(detail)")
        #expect(tsg.detailJapanese?.hasPrefix("採用せず：CancerMine でがん抑制遺伝子として引用 \(counts.suppressor) 件") == true, "\(tsg.detailJapanese ?? "")")
        #expect(tsg.detailJapanese?.contains("OncoKB：ONCOGENE") == true)
        #expect(!tsg.rows.isEmpty && tsg.rows.allSatisfy { $0.table == "gene_role" }, "the set-aside rows stay traceable")
        #expect(evidence["oncogene_3p"]?.value == .flag(true))
        #expect(evidence["oncogene_3p"]?.detail?.hasPrefix("set aside") == false)
    }

    /// A gene OncoKB types TSG is a tumour suppressor (and, by OncoKB, not an oncogene); one typed ONCOGENE_AND_TSG is both.
    @Test func oncoKBTypesDecide() throws {
        let kb = try Self.fullKnowledgeBase()
        #expect(try Self.oncoKBType(kb, "TP53") == "TSG")
        let tp53 = GeneRoleCall(try kb.roles(of: "TP53"))
        #expect(tp53.tumourSuppressor && !tp53.oncogene)
        // CancerMine's oncogene rows of TP53 (mutant p53) are set aside, and the row says so.
        if try Self.cancerMine(kb, "TP53").oncogene > 0 {
            #expect(tp53.oncogeneSetAside)
            let item = try EvidenceCollector(knowledgeBase: kb).collectGeneLevel(gene5: "TP53", gene3: "RET")["oncogene_5p"]
            #expect(item?.value == .flag(false) && item?.detail?.hasPrefix("set aside: CancerMine") == true)
        }
        for gene in ["NOTCH1", "WT1"] {
            #expect(try Self.oncoKBType(kb, gene) == "ONCOGENE_AND_TSG", "\(gene)")
            let call = GeneRoleCall(try kb.roles(of: gene))
            #expect(call.oncogene && call.tumourSuppressor, "\(gene)")
            #expect(!call.oncogeneSetAside && !call.tumourSuppressorSetAside, "\(gene)")
        }
    }

    /// Genes OncoKB does not type (absent, or INSUFFICIENT_EVIDENCE / no type): each CancerMine role counts exactly when it has
    /// enough citations and a large enough share of the gene's oncogene + tumour-suppressor citations. Strong and weak
    /// roles are both found among the knowledge base's own genes, and a role some row claims but the rule sets aside says so.
    @Test func withoutAnOncoKBTypeCancerMineCountsWhenStrongEnough() throws {
        let kb = try Self.fullKnowledgeBase()
        let rows = try kb.db.rows(
            """
            SELECT gene_symbol FROM gene_role r JOIN source s ON s.id = r.source_id WHERE s.name = 'CancerMine' AND role IN ('oncogene', 'tumour_suppressor')
            GROUP BY gene_symbol ORDER BY sum(citations) DESC LIMIT 400
            """)
        var strong = 0, weakAndSetAside = 0, dual = 0
        for gene in rows.compactMap({ $0[0] }) where try Self.oncoKBType(kb, gene).map({ GeneRoleCall.decidingOncoKBTypes.contains($0) }) != true {
            let counts = try Self.cancerMine(kb, gene)
            let total = Double(counts.oncogene + counts.suppressor)
            func expected(_ own: Int) -> Bool { own >= GeneRoleCall.minimumCitations && Double(own) >= GeneRoleCall.minimumShare * total }
            let call = GeneRoleCall(try kb.roles(of: gene))
            #expect(call.oncoKBType == nil, "\(gene)")
            #expect(call.oncogene == expected(counts.oncogene), "\(gene) \(counts)")
            #expect(call.tumourSuppressor == expected(counts.suppressor), "\(gene) \(counts)")
            #expect(call.oncogeneSetAside == (counts.oncogene > 0 && !expected(counts.oncogene)), "\(gene)")
            #expect(call.tumourSuppressorSetAside == (counts.suppressor > 0 && !expected(counts.suppressor)), "\(gene)")
            if call.oncogene || call.tumourSuppressor { strong += 1 }
            if call.oncogeneSetAside || call.tumourSuppressorSetAside {
                weakAndSetAside += 1
                let role: GeneRoleCall.Role = call.oncogeneSetAside ? .oncogene : .tumourSuppressor
                let detail = try #require(call.setAsideDetail(role))
                #expect(detail.hasPrefix("set aside: CancerMine") && (detail.contains("fewer than") || detail.contains("below")), "\(gene): \(detail)")
                #expect(call.setAsideDetail(role, japanese: true)?.hasPrefix("採用せず") == true)
            }
            if call.oncogene && call.tumourSuppressor { dual += 1 }
        }
        #expect(strong > 50 && weakAndSetAside > 20 && dual > 0, "strong \(strong), set aside \(weakAndSetAside), both \(dual)")
    }

    /// The three readers agree, on the sample patients and the 156 real fusions of deeprior_test_set_1: the evidence
    /// rows, the model's role features (per-gene queries and whole-table reads) and the mechanism's role facts all
    /// give GeneRoleCall's answer; a tumour-suppressor disruption is only ever claimed for a called tumour suppressor.
    @Test func evidenceRowsFeaturesAndMechanismAgree() throws {
        let kb = try Self.fullKnowledgeBase()
        let sample = try ScoringTests.samplePatientFusions(kb)
        let (testSet, testEvidence) = try ScoringTests.testSet1Batch(kb)
        let queried = try FeatureExtractor(knowledgeBase: kb), whole = try FeatureExtractor(knowledgeBase: kb)
        queried.geneQueryLimit = .max
        whole.geneQueryLimit = 0
        var checked = 0
        for (fusion, evidence) in sample.map({ ($0.fusion, $0.evidence) }) + zip(testSet, testEvidence).map({ ($0, $1) }) {
            let facts = FactBuilder.facts(fusion: fusion, evidence: evidence, score: nil)
            for (gene, side, role) in [(fusion.fivePrime.gene, "5p", PartnerRole.fivePrime), (fusion.threePrime.gene, "3p", .threePrime)] {
                guard try kb.gene(named: gene) != nil else { continue }
                let call = GeneRoleCall(try kb.roles(of: try kb.currentSymbol(gene)))
                #expect(evidence["oncogene_\(side)"]?.value == .flag(call.oncogene), "\(fusion.name) \(gene)")
                #expect(evidence["tumour_suppressor_\(side)"]?.value == .flag(call.tumourSuppressor), "\(fusion.name) \(gene)")
                for extractor in [queried, whole] {
                    let v = try extractor.extract(fusion, evidence: evidence)
                    #expect(v["oncogene_\(side)"] == (call.oncogene ? 1 : 0), "\(fusion.name) \(gene)")
                    #expect(v["tumour_suppressor_\(side)"] == (call.tumourSuppressor ? 1 : 0), "\(fusion.name) \(gene)")
                }
                let words = try #require(MechanismClassifier.roles(facts, role))
                let neither = words.text.hasPrefix("neither")
                #expect(!neither && words.text.contains("oncogene") == call.oncogene || neither && !call.oncogene, "\(fusion.name) \(gene): \(words.text)")
                #expect(
                    !neither && words.text.contains("tumour suppressor") == call.tumourSuppressor || neither && !call.tumourSuppressor,
                    "\(fusion.name) \(gene): \(words.text)")
                checked += 1
            }
            let mechanism = MechanismClassifier.classify(fusion: fusion, facts: facts, deNovo: false)
            for reason in mechanism.reasons where reason.code == "tumour_suppressor_truncated" {
                let gene = try #require(reason.gene)
                let call = GeneRoleCall(try kb.roles(of: try kb.currentSymbol(gene)))
                #expect(call.tumourSuppressor && !call.oncogene, "\(fusion.name): \(gene)")
            }
        }
        #expect(checked > 250)
        // KIF5B::RET in the sample patient: RET an oncogene, not a tumour suppressor, everywhere.
        let kif5bRet = try #require(sample.first { $0.fusion.name == "KIF5B::RET" })
        #expect(kif5bRet.evidence["tumour_suppressor_3p"]?.value == .flag(false))
        #expect(kif5bRet.evidence["tumour_suppressor_3p"]?.detail?.hasPrefix("set aside") == true)
        #expect(try queried.extract(kif5bRet.fusion, evidence: kif5bRet.evidence)["tumour_suppressor_3p"] == 0)
        #expect(kif5bRet.explanation?.mechanism.mechanismClass != .tumourSuppressorDisruption)
    }

    /// The strict de novo models read no role feature, so the rule cannot move them.
    @Test func strictDeNovoModelsReadNoRoleFeature() throws {
        let roleKeys = Set(FeatureSchema.features.filter { $0.group == .roles }.map(\.key))
        #expect(roleKeys.isSuperset(of: ["oncogene_5p", "oncogene_3p", "tumour_suppressor_5p", "tumour_suppressor_3p"]))
        for profile in ["full", "core"] {
            for kind in ["network", "logistic"] {
                let file = "Models/driver-\(profile)-denovo-\(kind).txt"
                let model = try DriverModel(text: try String(contentsOf: Fixtures.root.appendingPathComponent(file), encoding: .utf8), file: file)
                #expect(model.deNovo)
                #expect(roleKeys.isDisjoint(with: model.inputs), "\(file)")
            }
        }
    }
}
