import Foundation
import Testing

@testable import FusionBoardCore

/// Evidence items: stable keys, provenance, known-fusion flags, and "unknown" (never "no") when a
/// source is absent — on the full knowledge base and on the core one (FUSIONBOARD_TEST_KB_CORE).
@Suite("Evidence")
struct EvidenceTests {
    static func coreKnowledgeBase() throws -> KnowledgeBase {
        guard FileManager.default.fileExists(atPath: Fixtures.coreKnowledgeBasePath) else {
            Issue.record("no core knowledge base at \(Fixtures.coreKnowledgeBasePath): run 'make kb-core' (make test does)")
            throw KnowledgeBaseError("missing core test knowledge base")
        }
        return try KnowledgeBase(path: Fixtures.coreKnowledgeBasePath)
    }

    private func kif5bRet(_ kb: KnowledgeBase) throws -> FusionCandidate {
        let analysis = try Pipeline(knowledgeBase: kb, options: PipelineOptions()).run(inputs: [Fixtures.sample("P001-lung-KIF5B-RET.vcf")], sample: nil)
        return try #require(analysis.junctions.flatMap(\.fusions).first { $0.name == "KIF5B::RET" })
    }

    @Test func keysAreStableUniqueAndGrouped() throws {
        let kb = try Fixtures.knowledgeBase()
        let evidence = try EvidenceCollector(knowledgeBase: kb).collect(try kif5bRet(kb))
        let keys = evidence.items.map(\.key)
        #expect(Set(keys).count == keys.count, "duplicate keys")
        // The documented list (docs/KNOWLEDGE-BASE.md) is what the model reads.
        let documented = try String(contentsOf: Fixtures.root.appendingPathComponent("docs/KNOWLEDGE-BASE.md"), encoding: .utf8)
        for key in keys { #expect(documented.contains("`\(key)`"), "\(key) is not documented") }
        for item in evidence.items {
            #expect(!item.group.isEmpty && !item.label.isEmpty)
            #expect(!item.sources.isEmpty, "\(item.key) has no source")
            #expect(item.knownFusion == (item.group == "known fusions"), "\(item.key)")
        }
        // --de-novo drops known-fusion records and fusion-level literature only.
        let deNovo = evidence.deNovo
        #expect(!deNovo.items.contains { $0.knownFusion })
        #expect(deNovo.items.count == evidence.items.filter { !$0.knownFusion }.count)
        #expect(deNovo["cocitation"] != nil && deNovo["fusion_pmid_count"] == nil && deNovo["cosmic_samples"] == nil)
        // Facts with provenance: rows and PMIDs.
        #expect(evidence["known_fusion_sources"]?.rows.isEmpty == false)
        #expect(evidence["oncogene_3p"]?.rows.first?.source == "CancerMine" || evidence["oncogene_3p"]?.rows.first?.source == "OncoKB cancer gene list")
        #expect(evidence["kinase_retained_3p"]?.value == .flag(true))
        #expect(evidence["partner_count_3p"].map { if case .number(let n) = $0.value { n > 5 } else { false } } == true)
    }

    @Test func absentSourcesGiveUnknownNotNo() throws {
        let core = try Self.coreKnowledgeBase()
        #expect(core.info.profile == "core")
        #expect(Set(core.info.missingCategories) == Set(KnowledgeBase.optionalCategories))
        let evidence = try EvidenceCollector(knowledgeBase: core).collect(try kif5bRet(core))
        for key in [
            "domains_retained_3p", "kinase_retained_3p", "oncogene_5p", "cancermine_citations_3p", "partner_count_5p", "normal_tissue_pair",
            "readthrough_pair", "paralog_pair", "known_fusion_sources", "cosmic_samples", "fusion_pmid_count", "drug_count_3p", "kinase_gene_3p",
        ] {
            #expect(evidence[key]?.value == .unknown, "\(key) should be unknown without its source, is \(String(describing: evidence[key]?.value))")
        }
        // What the core does know is still there.
        #expect(evidence["reading_frame"]?.value == .text("in-frame"))
        if case .number(let n)? = evidence["pubmed_count_3p"]?.value { #expect(n > 0) } else { Issue.record("pubmed_count_3p missing") }
        #expect(evidence["adjacent_same_strand"]?.value == .flag(false))
    }

    @Test func pipelineAndExplainRunWithoutOptionalSources() throws {
        let result = try CLI.run(["score", Fixtures.sample("P003-prostate-TMPRSS2-ERG.vcf"), "--kb", Fixtures.coreKnowledgeBasePath])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("TMPRSS2::ERG"))
        let info = try CLI.run(["kb", "info", "--kb", Fixtures.coreKnowledgeBasePath])
        #expect(info.stdout.contains("optional sources absent: hgnc, domains"))
        let explain = try CLI.run(["explain", "KIF5B::RET", "--breakpoints", "chr10:32025000:-,chr10:43115500:+", "--kb", Fixtures.coreKnowledgeBasePath])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("reading frame: in-frame"))
        #expect(explain.stdout.contains("unknown (source absent)"))
        #expect(explain.stdout.contains("unavailable (source absent): hgnc, domains"))
    }

    @Test func explainCommandPrintsTheAnnotatedFusionAndItsEvidence() throws {
        let k562 = try CLI.run(["explain", "BCR::ABL1", "--breakpoints", "22:23632600:+,9:133729451:+", "--build", "GRCh37"])
        #expect(k562.status == 0, "\(k562.stderr)")
        #expect(k562.stdout.contains("reading frame: in-frame"))
        #expect(k562.stdout.contains("ABL1 Pkinase_Tyr 242–493: retained"))
        #expect(k562.stdout.contains("cosmic_samples"))
        #expect(k562.stdout.contains("PMIDs:"))
        let geneLevel = try CLI.run(["explain", "TEL::AML1"])
        #expect(geneLevel.status == 0, "\(geneLevel.stderr)")
        #expect(geneLevel.stdout.hasPrefix("ETV6::RUNX1"))
        #expect(geneLevel.stdout.contains("gene level only"))
        #expect(geneLevel.stdout.contains("TEL is now ETV6"))
        let json = try CLI.run(["explain", "KIF5B::RET", "--breakpoints", "chr10:32025000:-,chr10:43115500:+", "--json"])
        let decoded = try JSONDecoder().decode(FusionExplanation.self, from: Data(json.stdout.utf8))
        #expect(decoded.fusion?.frame == .inFrame)
        // Bad input: exit 1 with what to fix.
        let bad = try CLI.run(["explain", "BCR::ABL1", "--breakpoints", "22:abc:+,9:1:+"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("CHR:POS:STRAND"))
        let one = try CLI.run(["explain", "BCR::ABL1", "--breakpoints", "22:23632600:+"])
        #expect(one.status == 1)
        let name = try CLI.run(["explain", "BCRABL1"])
        #expect(name.status == 1)
    }

    @Test func domainClassesFollowTheirNames() {
        func d(_ name: String, _ description: String?) -> ProteinDomain {
            ProteinDomain(name: name, pfam: nil, description: description, aaStart: 1, aaEnd: 10, source: "test")
        }
        // The evidence rows, the model's features and the mechanism text share one classifier.
        let c: (ProteinDomain) -> DomainClass = DomainVocabulary.classify
        #expect(c(d("Pkinase_Tyr", "Protein tyrosine kinase")) == .kinase)
        #expect(c(d("SH3_Abl", "Src homology 3 domain of the Protein Tyrosine Kinase, Abelson kinase")) == .other)
        #expect(c(d("Ig2_PTK7", "Second immunoglobulin (Ig)-like domain of protein tyrosine kinase (PTK) 7")) == .other)
        #expect(c(d("TM_ErbB2", "Transmembrane domain of ErbB2, a Protein Tyrosine Kinase")) == .other)
        #expect(c(d("PTK_HER3", "Pseudokinase domain of the Protein Tyrosine Kinase, HER3")) == .other)
        #expect(c(d("Pkinase_C", "Protein kinase C terminal domain")) == .other)
        #expect(c(d("PKD", "polycystic kidney disease I (PKD) domain")) == .other)
        #expect(c(d("PP2Cc", "Serine/threonine phosphatases, family 2C, catalytic domain")) == .other)
        #expect(c(d("Ets", "Ets-domain")) == .dnaBinding)
        #expect(c(d("CutA1", "CutA1 divalent ion tolerance protein")) == .other)
        #expect(c(d("RELT", "Tumour necrosis factor receptor superfamily member 19")) == .other)
        #expect(c(d("Hox9_act", "Hox9 activation region")) == .other)
        #expect(c(d("HMGB-UBF_HMG-box", "HMGB-UBF_HMG-box, class II and III members of the HMG-box superfamily of DNA-binding proteins")) == .dnaBinding)
        #expect(c(d("Bcr-Abl_Oligo", "Bcr-Abl oncoprotein oligomerisation domain")) == .oligomerisation)
        #expect(c(d("SAM_PNT-ERG", "Sterile alpha motif (SAM)/Pointed domain of ERG transcription factor")) == .oligomerisation)
        #expect(c(d("Tryp_SPc", "Trypsin-like serine protease")) == .other)
        // A kinesin motor oligomerises when more than 50 residues past it (5′ partner) are kept.
        let motor = ProteinDomain(name: "KISc_KHC_KIF5", pfam: nil, description: "Kinesin motor domain", aaStart: 6, aaEnd: 325, source: "test")
        #expect(DomainVocabulary.oligomerises(motor, keptResidues: 1...575, fivePrime: true))
        #expect(!DomainVocabulary.oligomerises(motor, keptResidues: 1...340, fivePrime: true))
        #expect(!DomainVocabulary.oligomerises(motor, keptResidues: nil, fivePrime: true))
        #expect(DomainVocabulary.oligomerises(d("BTB", "BTB/POZ domain"), keptResidues: nil, fivePrime: false))
    }

    @Test func aDomainReadBackFromAReportHasItsClassAgain() throws {
        // The class is derived, set when a domain is made: the JSON keeps the six source fields only, and a report
        // read back (as `cohort` reads its patients' JSON) classifies its domains again.
        let kinase = ProteinDomain(name: "Pkinase_Tyr", pfam: "PF07714", description: "Protein tyrosine kinase", aaStart: 724, aaEnd: 1005, source: "maftools")
        let coiled = ProteinDomain(name: "XYZ", pfam: nil, description: "Coiled-coil region of Example", aaStart: 1, aaEnd: 40, source: "test")
        #expect(kinase.domainClass == .kinase && coiled.domainClass == .oligomerisation)
        let data = try JSONEncoder().encode([kinase, coiled])
        let keys = try #require(JSONSerialization.jsonObject(with: data) as? [[String: Any]]).map { Set($0.keys) }
        #expect(keys[0] == ["name", "pfam", "description", "aaStart", "aaEnd", "source"])
        #expect(keys[1] == ["name", "description", "aaStart", "aaEnd", "source"])
        let back = try JSONDecoder().decode([ProteinDomain].self, from: data)
        #expect(back == [kinase, coiled])
        #expect(back.map(\.domainClass) == [.kinase, .oligomerisation])
    }
}
