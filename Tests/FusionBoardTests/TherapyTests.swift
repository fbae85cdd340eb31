import Foundation
import Testing

@testable import FusionBoardCore

/// Real fusions the therapy tests match: from the sample patients and K562's Arriba calls, through the real pipeline.
enum TherapySupport {
    static func fusion(_ input: String, _ name: String, knowledgeBase path: String? = nil, build: GenomeBuild? = nil) throws -> ScoredFusion {
        var options = PipelineOptions()
        options.input.build = build
        let kb = try path.map { try KnowledgeBase(path: $0) } ?? Fixtures.knowledgeBase()
        let analysis = try Pipeline(knowledgeBase: kb, options: options).run(inputs: [input], sample: nil)
        return try #require(analysis.fusions.first { $0.fusion.name == name }, "\(name) not found in \(input)")
    }

    /// The curated entries that match a fusion for a tumour type (no interaction database).
    static func labels(_ fusion: FusionCandidate, _ tumourType: String?) -> [TherapyEvidence] {
        TherapyMatcher.match(fusion: fusion, tumourType: tumourType, interactions: { _ in [] }).evidence
    }

    static var coreKnowledgeBaseAvailable: Bool {
        if FileManager.default.fileExists(atPath: Fixtures.coreKnowledgeBasePath) { return true }
        Issue.record("no core knowledge base at \(Fixtures.coreKnowledgeBasePath): run 'make kb-core' (make test does)")
        return false
    }
}

@Suite("Therapies: tumour-type matching")
struct TumourTypeMatchingTests {
    enum Expected: String, Sendable { case covered, excluded, notCovered = "not covered" }

    static let matchers: [String: TumourTypeMatcher] = [
        "NSCLC": TherapyTable.nsclc, "CML": TherapyTable.cml, "ALL": TherapyTable.all, "ALCL": TherapyTable.alcl, "IMT": TherapyTable.imt,
        "thyroid": TherapyTable.thyroid, "cholangiocarcinoma": TherapyTable.cholangiocarcinoma,
        "intrahepatic cholangiocarcinoma": TherapyTable.intrahepaticCholangiocarcinoma, "urothelial": TherapyTable.urothelial,
        "FGFR1 MLN": TherapyTable.fgfr1Neoplasms, "PDGFR": TherapyTable.pdgfrNeoplasms, "pancreatic": TherapyTable.pancreatic, "APL": TherapyTable.apl,
    ]

    static func outcome(_ match: TumourTypeMatch) -> Expected {
        switch match {
        case .covered: .covered
        case .excluded: .excluded
        case .notCovered: .notCovered
        }
    }

    /// Non-small cell lung cancer labels (ALK, ROS1, RET, NRG1) against tumour types as boards write them.
    @Test(arguments: [
        // English, covered.
        ("Lung adenocarcinoma", Expected.covered), ("Non-small cell lung cancer", .covered), ("non-small-cell lung carcinoma", .covered),
        ("Non–small cell lung cancer (NSCLC)", .covered), ("NSCLC", .covered), ("nsclc, stage IV", .covered),
        ("Metastatic non-small cell lung cancer", .covered), ("Metastatic NSCLC with brain metastases", .covered),
        ("Pulmonary adenocarcinoma", .covered), ("Adenocarcinoma of the lung", .covered), ("Squamous cell carcinoma of the lung", .covered),
        ("LUAD", .covered), ("Lung adenocarcinoma, liver metastasis", .covered), ("Lung adenocarcinoma metastatic to the brain", .covered),
        ("Invasive mucinous adenocarcinoma (lung)", .covered), ("Bronchogenic carcinoma", .covered), ("Large cell carcinoma of the lung", .covered),
        ("Non-SCLC", .covered), ("NON-SMALL CELL LUNG CANCER", .covered), ("Lung cancer, lung metastasis", .covered),
        // Japanese, covered (full-width letters too).
        ("肺腺癌", .covered), ("非小細胞肺癌", .covered), ("肺がん", .covered), ("肺扁平上皮癌", .covered), ("転移性非小細胞肺癌", .covered),
        ("肺腺がん（脳転移あり）", .covered), ("ＮＳＣＬＣ", .covered), ("非小細胞肺がん ステージIV", .covered), ("肺癌、骨転移", .covered),
        ("肺非小細胞癌", .covered), ("肺腺癌 多発肺転移", .covered), ("ALK陽性肺腺癌", .covered),
        // Another lung tumour type: the label's words are there, with a type it does not cover.
        ("Small cell lung cancer", .excluded), ("Extensive-stage small-cell lung carcinoma", .excluded), ("Small cell carcinoma of the lung", .excluded),
        ("Combined small cell and non-small cell lung carcinoma", .excluded), ("Lung carcinoid tumour", .excluded),
        ("Pulmonary MALT lymphoma", .excluded), ("Mesothelioma of the lung", .excluded),
        ("小細胞肺癌", .excluded), ("肺小細胞癌", .excluded), ("肺カルチノイド", .excluded), ("肺原発悪性リンパ腫", .excluded),
        // The lung is the metastatic site, or not named at all.
        ("SCLC", .notCovered), ("Colorectal adenocarcinoma, lung metastasis", .notCovered), ("Colorectal cancer metastatic to the lung", .notCovered),
        ("Metastatic colorectal cancer to the lung", .notCovered), ("Breast cancer with lung and liver metastases", .notCovered),
        ("Pulmonary metastasis of osteosarcoma", .notCovered), ("Renal cell carcinoma, lung mets", .notCovered),
        ("Melanoma metastasised to the lungs", .notCovered), ("Prostate adenocarcinoma", .notCovered), ("Pleural mesothelioma", .notCovered),
        ("Bladder cancer", .notCovered), ("大腸癌 肺転移", .notCovered), ("大腸がんの肺転移", .notCovered), ("乳癌、肺・肝転移", .notCovered),
        ("転移性肺腫瘍（大腸癌原発）", .notCovered), ("腎細胞癌 肺への転移", .notCovered), ("前立腺癌", .notCovered),
    ])
    func nonSmallCellLungCancer(text: String, expected: Expected) throws {
        let tumour = try #require(TumourTypeText(text))
        #expect(Self.outcome(TherapyTable.nsclc.match(tumour)) == expected, "\(text): \(TherapyTable.nsclc.match(tumour))")
    }

    /// The other labels' tumour types, short keywords (APL, IMT, MLN, ALL) among them.
    @Test(arguments: [
        ("APL", "Acute promyelocytic leukaemia", Expected.covered), ("APL", "APL", .covered), ("APL", "AML-M3 (APL)", .covered),
        ("APL", "急性前骨髄球性白血病", .covered), ("APL", "Aplastic anaemia", .notCovered), ("APL", "Acute myeloid leukaemia", .notCovered),
        ("IMT", "Inflammatory myofibroblastic tumour", .covered), ("IMT", "IMT of the bladder", .covered), ("IMT", "炎症性筋線維芽細胞腫瘍", .covered),
        ("FGFR1 MLN", "Myeloid/lymphoid neoplasm with FGFR1 rearrangement", .covered), ("FGFR1 MLN", "MLN-eo with FGFR1 rearrangement", .covered),
        ("FGFR1 MLN", "8p11 myeloproliferative syndrome", .covered), ("FGFR1 MLN", "FGFR1遺伝子再構成を有する骨髄性又はリンパ性腫瘍", .covered),
        ("FGFR1 MLN", "Acute myeloid leukaemia", .notCovered), ("FGFR1 MLN", "Chronic lymphocytic leukaemia", .notCovered),
        ("FGFR1 MLN", "慢性リンパ性白血病", .notCovered), ("FGFR1 MLN", "Malignant melanoma", .notCovered),
        ("ALL", "B-ALL", .covered), ("ALL", "Ph+ ALL", .covered), ("ALL", "ALL", .covered), ("ALL", "Ph-positive acute lymphoblastic leukaemia", .covered),
        ("ALL", "フィラデルフィア染色体陽性急性リンパ性白血病", .covered), ("ALL", "Solid tumour, all sites", .notCovered),
        ("ALL", "慢性骨髄性白血病", .notCovered),
        ("CML", "Chronic myeloid leukaemia, blast crisis", .covered), ("CML", "CML in chronic phase", .covered),
        ("CML", "Chronic myelogenous leukemia", .covered), ("CML", "慢性骨髄性白血病（移行期）", .covered),
        ("CML", "Chronic myelomonocytic leukaemia", .notCovered), ("CML", "慢性骨髄単球性白血病", .notCovered),
        ("ALCL", "Anaplastic large cell lymphoma, ALK-positive", .covered), ("ALCL", "ALCL", .covered), ("ALCL", "未分化大細胞型リンパ腫", .covered),
        ("ALCL", "Primary cutaneous anaplastic large cell lymphoma", .excluded), ("ALCL", "Lung adenocarcinoma", .notCovered),
        ("cholangiocarcinoma", "Intrahepatic cholangiocarcinoma", .covered), ("cholangiocarcinoma", "Perihilar cholangiocarcinoma", .covered),
        ("cholangiocarcinoma", "肝内胆管癌", .covered), ("cholangiocarcinoma", "肝門部領域胆管癌", .covered),
        ("cholangiocarcinoma", "Biliary tract cancer", .covered), ("cholangiocarcinoma", "Gallbladder carcinoma", .notCovered),
        ("cholangiocarcinoma", "Biliary tract cancer (gallbladder)", .excluded),
        ("intrahepatic cholangiocarcinoma", "Intrahepatic cholangiocarcinoma", .covered), ("intrahepatic cholangiocarcinoma", "肝内胆管癌", .covered),
        ("intrahepatic cholangiocarcinoma", "Perihilar cholangiocarcinoma", .excluded),
        ("intrahepatic cholangiocarcinoma", "Extrahepatic bile duct cancer", .excluded), ("intrahepatic cholangiocarcinoma", "肝門部胆管癌", .excluded),
        ("pancreatic", "Pancreatic ductal adenocarcinoma", .covered), ("pancreatic", "膵癌", .covered), ("pancreatic", "膵管腺癌", .covered),
        ("pancreatic", "Pancreatic neuroendocrine tumour", .excluded), ("pancreatic", "膵神経内分泌腫瘍", .excluded),
        ("pancreatic", "Renal cell carcinoma with pancreatic metastasis", .notCovered),
        ("thyroid", "Papillary thyroid carcinoma", .covered), ("thyroid", "甲状腺乳頭癌", .covered),
        ("thyroid", "Lung adenocarcinoma metastatic to the thyroid", .notCovered),
        ("urothelial", "Urothelial carcinoma of the bladder", .covered), ("urothelial", "Upper tract urothelial carcinoma", .covered),
        ("urothelial", "膀胱癌", .covered), ("urothelial", "Gallbladder carcinoma", .notCovered),
        ("PDGFR", "Hypereosinophilic syndrome", .covered), ("PDGFR", "Chronic eosinophilic leukaemia", .covered),
        ("PDGFR", "Chronic myelomonocytic leukaemia", .covered), ("PDGFR", "MDS/MPN", .covered), ("PDGFR", "好酸球増多症候群", .covered),
        ("PDGFR", "Acute myeloid leukaemia", .notCovered), ("PDGFR", "急性骨髄性白血病", .notCovered),
    ])
    func otherLabelledTumourTypes(matcher: String, text: String, expected: Expected) throws {
        let tumour = try #require(TumourTypeText(text))
        let table = try #require(Self.matchers[matcher])
        #expect(Self.outcome(table.match(tumour)) == expected, "\(matcher) / \(text): \(table.match(tumour))")
    }

    /// The sites set aside are the ones the text names as metastatic, and only those.
    @Test func metastaticSitesAreThoseTheTextNames() throws {
        let cases: [(String, [String])] = [
            ("Colorectal adenocarcinoma, lung metastasis", ["lung"]), ("Breast cancer with lung and liver metastases", ["lung and liver"]),
            ("Colorectal cancer metastatic to the lung", ["lung"]), ("Metastatic colorectal cancer to the lung", ["lung"]),
            ("Lung adenocarcinoma with lymph node metastasis", ["lymph node"]), ("Metastatic non-small cell lung cancer", []),
            ("Lung adenocarcinoma", []), ("Lung cancer metastasis", []), ("大腸癌 肺転移", ["肺"]), ("乳癌、肺・肝転移", ["肺・肝"]),
            ("転移性肺腫瘍", ["肺"]), ("肺がん骨転移", ["骨"]), ("転移性非小細胞肺癌", []),
        ]
        for (text, sites) in cases {
            let tumour = try #require(TumourTypeText(text))
            #expect(tumour.metastaticSites == sites, "\(text)")
        }
    }

    /// Texts that name no tumour type give the conditional tier, as no tumour type does.
    @Test func textsNamingNoTumourTypeAreNotATumourType() {
        for text in ["", "  ", "-", "unknown", "Unknown", "N/A", "不明"] { #expect(TumourTypeText(text) == nil, "\(text)") }
        #expect(TumourTypeText("Cancer of unknown primary") != nil)
    }

    /// EML4::ALK from P002 (real pipeline, full knowledge base): the tier and its reason follow the tumour type.
    @Test func eml4AlkTierAndReasonFollowTheTumourType() throws {
        let fusion = try TherapySupport.fusion(Fixtures.sample("P002-lung-EML4-ALK.vcf"), "EML4::ALK").fusion
        let cases: [(String?, String, String)] = [
            ("Lung adenocarcinoma", "I-A", "FDA label for this tumour type (“lung”)"), ("Pulmonary adenocarcinoma", "I-A", "(“pulmonary”)"),
            ("Metastatic non-small cell lung cancer", "I-A", "(“non-small cell”)"),
            ("Small cell lung cancer", "II-C", "FDA-approved in another tumour type (“small cell” is not covered)"),
            ("Colorectal adenocarcinoma, lung metastasis", "II-C", "(“lung” read as a metastatic site)"),
            ("Prostate adenocarcinoma", "II-C", "FDA-approved in another tumour type"), ("肺腺癌", "I-A", "(“肺”)"),
            ("小細胞肺癌", "II-C", "(“小細胞” is not covered)"), (nil, "I-A / II-C", "tumour type not given"), ("unknown", "I-A / II-C", "tumour type not given"),
        ]
        for (tumour, tier, reason) in cases {
            let alectinib = try #require(TherapySupport.labels(fusion, tumour).first { $0.drug == "alectinib" })
            #expect(alectinib.tier == tier, "\(tumour ?? "nil")")
            #expect(alectinib.tierReason.contains(reason), "\(tumour ?? "nil"): \(alectinib.tierReason)")
            #expect(alectinib.tierReasonJapanese?.isEmpty == false)
        }
        // The crizotinib ALCL label is II-C for a lung tumour and I-A for ALCL.
        let alcl = { (t: String) in TherapySupport.labels(fusion, t).first { $0.drug == "crizotinib" && $0.context.contains("lymphoma") }?.tier }
        #expect(alcl("Lung adenocarcinoma") == "II-C")
        #expect(alcl("Anaplastic large cell lymphoma, ALK-positive") == "I-A")
        // Japanese reasons name the term in Japanese brackets.
        let ja = try #require(TherapySupport.labels(fusion, "大腸癌 肺転移").first { $0.drug == "alectinib" })
        #expect(ja.tier == "II-C" && ja.tierReasonJapanese == "他のがん種でFDA承認（「肺」は転移部位と解釈）")
    }

    /// BCR::ABL1 from K562's Arriba calls (a CML in blast crisis): the CML labels are I-A, the Ph+ ALL ones II-C; the
    /// other way round for Ph+ ALL.
    @Test func bcrAbl1TiersFollowCmlOrAll() throws {
        let fusion = try TherapySupport.fusion(
            Fixtures.sharedFile("cases/rna-fusion-calls/arriba_K562_fusions.tsv"), "BCR::ABL1", build: .grch37
        ).fusion
        for (tumour, cmlTier, allTier) in [
            ("Chronic myeloid leukaemia, blast crisis", "I-A", "II-C"), ("慢性骨髄性白血病 急性転化", "I-A", "II-C"), ("Ph+ ALL", "II-C", "I-A"),
            ("B-cell acute lymphoblastic leukemia", "II-C", "I-A"), ("Chronic myelomonocytic leukaemia", "II-C", "II-C"),
        ] {
            let labels = TherapySupport.labels(fusion, tumour)
            let cml = try #require(labels.first { $0.drug == "imatinib" && $0.context.contains("chronic myeloid") })
            let all = try #require(labels.first { $0.drug == "imatinib" && $0.context.contains("acute lymphoblastic") })
            #expect(cml.tier == cmlTier && all.tier == allTier, "\(tumour): CML \(cml.tier), ALL \(all.tier)")
        }
    }
}

@Suite("Therapies: without a domain source")
struct TherapyWithoutDomainSourceTests {
    /// With the core knowledge base the ALK kinase domain cannot be checked: the labels are still listed, with the
    /// check marked as not made and why, and the tier from the tumour type.
    @Test func eml4AlkLabelsAreListedWithTheDomainCheckNotMade() throws {
        guard TherapySupport.coreKnowledgeBaseAvailable else { return }
        let kb = try KnowledgeBase(path: Fixtures.coreKnowledgeBasePath)
        #expect(kb.info.missingCategories.contains("domains"))
        var options = PipelineOptions()
        options.explanation = ExplanationOptions(language: .en)
        let analysis = try Pipeline(knowledgeBase: kb, options: options)
            .run(inputs: [Fixtures.sample("P002-lung-EML4-ALK.vcf")], sample: nil, tumorType: "Lung adenocarcinoma")
        let f = try #require(analysis.fusions.first { $0.fusion.name == "EML4::ALK" })
        let e = try #require(f.explanation)
        let labelled = e.therapies.filter { $0.level == "FDA-approved" }
        #expect(Set(labelled.map(\.drug)) == ["alectinib", "brigatinib", "lorlatinib", "crizotinib", "ceritinib"])
        for t in labelled {
            #expect(t.domainCheckOutcome == .notChecked)
            #expect(t.domainCheck == "ALK kinase domain not checked: no domain source in the knowledge base")
            #expect(t.domainCheckJapanese == "ALKのキナーゼドメインは未確認（知識ベースにドメイン情報源がないため）")
        }
        #expect(labelled.first { $0.drug == "alectinib" }?.tier == "I-A")
        #expect(!e.therapyNotes.contains { $0.contains("alectinib") })
        // With the full knowledge base the same labels carry a kept kinase domain.
        let full = try TherapySupport.fusion(Fixtures.sample("P002-lung-EML4-ALK.vcf"), "EML4::ALK")
        let checked = try #require(full.explanation).therapies.filter { $0.level == "FDA-approved" }
        #expect(!checked.isEmpty && checked.allSatisfy { $0.domainCheckOutcome == .kept && $0.domainCheck.hasSuffix(" kept") })
    }

    /// The report on the core knowledge base lists the labels and says the check was not made, in English and
    /// Japanese, and never that there is no therapy evidence.
    @Test func reportOnTheCoreKnowledgeBaseListsTheLabels() throws {
        guard TherapySupport.coreKnowledgeBaseAvailable else { return }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (language, check, absent) in [
            ("en", "ALK kinase domain not checked: no domain source in the knowledge base", ["none found", "no therapy evidence"]),
            ("ja", "ALKのキナーゼドメインは未確認（知識ベースにドメイン情報源がないため）", ["該当なし", "治療エビデンスはありません"]),
        ] {
            let html = dir.appendingPathComponent("P002.\(language).html").path
            let run = try CLI.run([
                "report", Fixtures.sample("P002-lung-EML4-ALK.vcf"), "--kb", Fixtures.coreKnowledgeBasePath, "--sample", "P002",
                "--tumor-type", "Lung adenocarcinoma", "--language", language, "-o", html,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            let page = ReportPage.decode(try String(contentsOfFile: html, encoding: .utf8))
            let therapies = ReportPage.section(page, table: "therapies")
            for drug in ["alectinib", "brigatinib", "lorlatinib", "crizotinib", "ceritinib"] { #expect(therapies.contains(drug), "\(language): \(drug)") }
            #expect(therapies.contains(check), "\(language)")
            #expect(therapies.contains("AMP/ASCO/CAP I-A"), "\(language)")
            let card = try #require(ReportPage.section(page, id: "fusion-1"))
            for phrase in absent { #expect(!card.contains(phrase), "\(language): \(phrase)") }
        }
    }
}

@Suite("Therapies: provenance of the curated table")
struct TherapyTableProvenanceTests {
    /// Digests of the reviewed revisions. A change to the table changes its digest: give the table a new
    /// `TherapyTable.revision` (the date of the change) and add the pair here.
    static let reviewed = ["2026-11-26": "420183036de37cf658536efcf6ac3e5900652c90806ed4baf34939c4ec148fad"]

    @Test func tableChangesComeWithANewRevision() {
        #expect(TherapyTable.revision.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil)
        #expect(Self.reviewed[TherapyTable.revision] == TherapyTable.digest, "table changed without a new revision: \(TherapyTable.digest)")
    }

    /// Every entry cites an FDA label that names its drug: the label of the drug itself, not of a drug given with it.
    @Test func everyEntryCitesTheLabelOfItsOwnDrug() throws {
        for entry in TherapyTable.entries {
            let generic = String(entry.drug.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
            #expect(entry.reference.hasPrefix("FDA label: "), "\(entry.drug): \(entry.reference)")
            #expect(entry.reference.contains("(\(generic)"), "\(entry.drug) cites \(entry.reference)")
        }
        let tretinoin = try #require(TherapyTable.entries.first { $0.drug.hasPrefix("tretinoin") })
        #expect(tretinoin.reference.hasPrefix("FDA label: Vesanoid (tretinoin capsules), Roche"))
    }

    /// The report lists the table among its knowledge sources with its revision, entry count and checksum (HTML,
    /// JSON, TSV), and `kb info` names it as built in.
    @Test func reportAndKbInfoNameTheTableRevision() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("P002.html").path, json = dir.appendingPathComponent("P002.json").path
        let tsv = dir.appendingPathComponent("P002.tsv").path
        let run = try CLI.run(["report", Fixtures.sample("P002-lung-EML4-ALK.vcf"), "--sample", "P002", "-o", html, "--json", json, "--tsv", tsv])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        let table = try #require(report.knowledgeBase.sources.first { $0.name == TherapyTable.sourceName })
        #expect(table.version == "revision \(TherapyTable.revision)" && table.date == TherapyTable.revision)
        #expect(table.rows == TherapyTable.entries.count && table.sha256 == TherapyTable.digest)
        let methods = try #require(ReportPage.section(ReportPage.decode(try String(contentsOfFile: html, encoding: .utf8)), table: "sources").nonEmpty)
        #expect(methods.contains("<td>\(TherapyTable.sourceName)</td><td>\(TherapyTable.sourceCategory)</td><td>revision \(TherapyTable.revision)</td>"))
        #expect(methods.contains(String(TherapyTable.digest.prefix(16))))
        #expect(try String(contentsOfFile: tsv, encoding: .utf8).contains("\(TherapyTable.sourceName) revision \(TherapyTable.revision)"))
        let info = try CLI.run(["kb", "info"])
        #expect(info.status == 0, "\(info.stderr)")
        #expect(info.stdout.contains("\(TherapyTable.sourceName) — revision \(TherapyTable.revision); \(TherapyTable.entries.count) entries; sha256 \(TherapyTable.digest)"))
    }
}

@Suite("Therapies: drug–gene interactions are not tiered")
struct DrugInteractionTierTests {
    /// KIF5B::RET (P001, full knowledge base): DGIdb interactions carry no AMP/ASCO/CAP tier in the HTML, Markdown,
    /// JSON and the Japanese report; the labels keep theirs.
    @Test func interactionsAreShownWithoutATierInEveryOutput() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("P001.html").path, json = dir.appendingPathComponent("P001.json").path
        let md = dir.appendingPathComponent("P001.md").path, ja = dir.appendingPathComponent("P001.ja.html").path
        let vcf = Fixtures.sample("P001-lung-KIF5B-RET.vcf")
        let en = try CLI.run(["report", vcf, "--sample", "P001", "--tumor-type", "Lung adenocarcinoma", "-o", html, "--json", json, "--markdown", md])
        #expect(en.status == 0, "\(en.stderr)")
        let jaRun = try CLI.run(["report", vcf, "--sample", "P001", "--tumor-type", "肺腺癌", "--language", "ja", "-o", ja])
        #expect(jaRun.status == 0, "\(jaRun.stderr)")

        let report = try JSONDecoder().decode(CaseReport.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        let rows = try #require(report.fusions.first { $0.name == "KIF5B::RET" }).therapies
        let interactions = rows.filter { $0.therapy.contains("drug–gene interaction with RET") }
        #expect(!interactions.isEmpty)
        let notTiered = "not tiered (drug–gene interaction) — interaction database record, not a fusion-specific clinical result"
        #expect(interactions.allSatisfy { $0.level == notTiered })
        #expect(rows.contains { $0.therapy.hasPrefix("selpercatinib") && $0.level.hasPrefix("AMP/ASCO/CAP I-A (FDA-approved) — ") })
        #expect(rows.contains { $0.therapy.hasPrefix("pralsetinib") && $0.level.hasSuffix("— FDA label for this tumour type (“lung”)") })

        let page = ReportPage.decode(try String(contentsOfFile: html, encoding: .utf8))
        let markdown = try String(contentsOfFile: md, encoding: .utf8)
        let jsonText = try String(contentsOfFile: json, encoding: .utf8)
        let japanese = ReportPage.decode(try String(contentsOfFile: ja, encoding: .utf8))
        for (name, text) in [("HTML", page), ("Markdown", ReportPage.decode(markdown)), ("JSON", jsonText), ("Japanese", japanese)] {
            #expect(!text.contains("II-D"), "\(name) gives an interaction a tier")
        }
        let text = { (html: String) in html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression) }
        #expect(text(ReportPage.section(page, table: "therapies")).contains(notTiered))
        #expect(text(ReportPage.decode(markdown)).contains(notTiered))
        // Print leaves the reasons out of the rows and gives each label tier's reason once, under the table.
        let legend = try #require(page.firstMatch(of: /<p class="print-only small tier-legend">([^<]*)<\/p>/)).1
        #expect(legend.hasPrefix("Tiers: AMP/ASCO/CAP I-A (FDA-approved) — FDA label for this tumour type (“lung”); "))
        #expect(legend.contains("AMP/ASCO/CAP II-C (FDA-approved) — FDA-approved in another tumour type") && !legend.contains("not tiered"))
        // Interaction rows stay off the printed page (class ev), label rows stay on it.
        let rank = try #require(report.fusions.first { $0.name == "KIF5B::RET" }).rank
        let card = ReportPage.section(try #require(ReportPage.section(page, id: "fusion-\(rank)")), table: "therapies")
        #expect(ReportPage.count("<tr class=\"ev\">", in: card) == interactions.count)
        #expect(ReportPage.count("<tr>", in: card) == rows.count - interactions.count + 1)  // + the header row
        let jaTherapies = text(ReportPage.section(japanese, table: "therapies"))
        #expect(jaTherapies.contains("ティア分類なし（薬剤–遺伝子相互作用） — 相互作用データベースの記録であり、融合特異的な臨床結果ではない"))
        #expect(jaTherapies.contains("AMP/ASCO/CAP I-A（FDA承認） — このがん種に対するFDA承認（「肺」）"))
        #expect(!jaTherapies.contains("not tiered"))
    }
}

extension String {
    /// nil when empty.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
