/// One curated entry: a drug with regulatory or guideline standing for a fusion-defined context.
///
/// The table (`TherapyTable.entries`) is written by hand from FDA labels (drug label approvals for a
/// gene-fusion context); it cites the label, never a PMID. docs/EXPLANATION.md explains how to add an entry.
public struct TherapyEntry: Sendable, Codable, Hashable {
    /// The gene the drug targets (its product must be in the fusion protein).
    public var gene: String
    /// The required partner, for pair-specific contexts (BCR::ABL1, PML::RARA); nil for any partner.
    public var partner: String?
    /// The side the target gene must take, when the context fixes it (nil: either side).
    public var side: PartnerRole?
    /// The domain class the drug acts on, which must be kept (kinase for kinase inhibitors).
    public var requiredDomain: DomainClass?
    /// Context as the label states it (`ALK-positive metastatic NSCLC`).
    public var context: String
    public var drug: String
    /// Evidence level of the source: `FDA-approved` (label) or `guideline`.
    public var level: String
    /// The tumour types the indication covers, matched against the patient's tumour type.
    public var tumourTypes: TumourTypeMatcher
    /// Approval regardless of tumour type (tissue-agnostic label).
    public var tumourAgnostic: Bool
    /// The reference: label name and holder, as a checkable citation.
    public var reference: String
}

/// The curated therapy table (FDA labels). Only contexts defined by a fusion/rearrangement are listed.
public enum TherapyTable {
    /// The table's revision: the date its entries were last checked against the labels. Change it with every change
    /// to ``entries`` (the report and `kb info` print it beside the table's checksum, ``digest``).
    public static let revision = "2026-11-26"
    /// The name under which reports list the table among their knowledge sources.
    public static let sourceName = "FusionBoard FDA-label therapy table"
    /// The category reports give the table among their knowledge sources.
    public static let sourceCategory = "therapies (curated, built in)"
    /// Licence note of the table.
    public static let licence = "part of FusionBoard, curated from public FDA labels"

    /// The table as text, one line per entry with every field: what ``digest`` is computed from.
    static var canonicalText: String {
        entries.map { e in
            [
                e.gene, e.partner ?? "", e.side?.rawValue ?? "", e.requiredDomain?.rawValue ?? "", e.drug, e.context, e.level,
                e.tumourTypes.keywords.joined(separator: "|"), e.tumourTypes.exclusions.joined(separator: "|"), e.tumourAgnostic ? "agnostic" : "",
                e.reference,
            ].joined(separator: "\t")
        }.joined(separator: "\n") + "\n"
    }

    /// SHA-256 of ``canonicalText``: two tables with the same revision and digest are the same table.
    public static let digest = FileDigest.sha256(bytes: Array(canonicalText.utf8))

    // Tumour types of the labels. Latin keywords match whole words; Japanese ones as substrings (TumourTypeMatcher).

    /// Non-small cell lung cancer: any lung carcinoma but small cell, carcinoid, mesothelioma, sarcoma or lymphoma.
    static let nsclc = TumourTypeMatcher(
        keywords: [
            "non-small cell", "nonsmall cell", "non-sclc", "nsclc", "lung", "pulmonary", "bronchogenic", "bronchial carcinoma", "luad", "lusc",
            "非小細胞", "肺",
        ],
        exclusions: ["small cell", "sclc", "oat cell", "carcinoid", "mesothelioma", "sarcoma", "lymphoma", "小細胞", "カルチノイド", "中皮腫", "肉腫", "リンパ腫"])
    static let cml = TumourTypeMatcher(
        keywords: ["chronic myeloid", "chronic myelogenous", "chronic myelocytic", "cml", "慢性骨髄性白血病"])
    static let all = TumourTypeMatcher(
        keywords: [
            "acute lymphoblastic", "acute lymphocytic", "lymphoblastic leukemia", "lymphoblastic leukaemia", "b-all", "b-cell all", "ph+ all",
            "ph-positive all", "ALL", "急性リンパ性白血病", "急性リンパ芽球性白血病", "リンパ芽球性白血病",
        ])
    static let alcl = TumourTypeMatcher(
        keywords: ["anaplastic large cell", "alcl", "未分化大細胞"], exclusions: ["primary cutaneous", "pcalcl", "皮膚原発"])
    static let imt = TumourTypeMatcher(keywords: ["inflammatory myofibroblastic", "imt", "炎症性筋線維芽細胞"])
    static let thyroid = TumourTypeMatcher(keywords: ["thyroid", "甲状腺"])
    /// Cholangiocarcinoma (biliary tract cancer but gallbladder cancer).
    static let cholangiocarcinoma = TumourTypeMatcher(
        keywords: ["cholangiocarcinoma", "cholangiocellular", "bile duct", "biliary", "胆管", "胆道"], exclusions: ["gallbladder", "胆嚢", "胆のう"])
    /// Intrahepatic cholangiocarcinoma: as above, but extrahepatic (perihilar, distal) tumours are another type.
    static let intrahepaticCholangiocarcinoma = TumourTypeMatcher(
        keywords: cholangiocarcinoma.keywords,
        exclusions: cholangiocarcinoma.exclusions + ["extrahepatic", "perihilar", "hilar", "klatskin", "distal", "肝外", "肝門部", "遠位"])
    static let urothelial = TumourTypeMatcher(keywords: ["urothelial", "bladder", "transitional cell", "尿路上皮", "膀胱"])
    /// Myeloid/lymphoid neoplasms with eosinophilia and a tyrosine-kinase gene rearrangement (8p11 syndrome for FGFR1).
    static let mln = ["myeloid/lymphoid neoplasm", "myeloid and lymphoid neoplasm", "mln", "mlne", "mln-eo", "骨髄性又はリンパ性", "骨髄性またはリンパ性", "骨髄性リンパ性", "骨髄系リンパ系"]
    static let fgfr1Neoplasms = TumourTypeMatcher(keywords: mln + ["8p11", "stem cell leukemia/lymphoma", "stem cell leukaemia/lymphoma"])
    /// Myelodysplastic/myeloproliferative diseases (with PDGFR rearrangement), hypereosinophilic syndrome and chronic
    /// eosinophilic leukaemia (FIP1L1::PDGFRA), which WHO now names myeloid/lymphoid neoplasms with eosinophilia.
    static let pdgfrNeoplasms = TumourTypeMatcher(
        keywords: mln + [
            "myelodysplastic", "myeloproliferative", "mds", "mpn", "mpd", "chronic myelomonocytic", "cmml", "hypereosinophilic", "hes",
            "eosinophilic leukemia", "eosinophilic leukaemia", "骨髄異形成", "骨髄増殖性", "慢性骨髄単球性", "好酸球増多", "好酸球性白血病",
        ])
    static let pancreatic = TumourTypeMatcher(
        keywords: ["pancreatic", "pancreas", "pdac", "膵"],
        exclusions: ["neuroendocrine", "pnet", "acinar cell", "solid pseudopapillary", "islet", "神経内分泌", "腺房", "充実性偽乳頭"])
    static let apl = TumourTypeMatcher(keywords: ["promyelocytic", "apl", "aml-m3", "fab m3", "前骨髄球性"])
    static let anyTumour = TumourTypeMatcher(keywords: [])

    static func kinase(
        _ gene: String, _ drug: String, _ context: String, _ tumourTypes: TumourTypeMatcher, _ reference: String, partner: String? = nil,
        side: PartnerRole? = nil, agnostic: Bool = false
    ) -> TherapyEntry {
        TherapyEntry(
            gene: gene, partner: partner, side: side, requiredDomain: .kinase, context: context, drug: drug, level: "FDA-approved",
            tumourTypes: tumourTypes, tumourAgnostic: agnostic, reference: reference)
    }

    public static let entries: [TherapyEntry] = [
        // ALK rearrangement (3′ ALK kinase).
        kinase("ALK", "alectinib", "ALK-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Alecensa (alectinib), Genentech", side: .threePrime),
        kinase("ALK", "brigatinib", "ALK-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Alunbrig (brigatinib), Takeda", side: .threePrime),
        kinase("ALK", "lorlatinib", "ALK-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Lorbrena (lorlatinib), Pfizer", side: .threePrime),
        kinase("ALK", "crizotinib", "ALK-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        kinase("ALK", "ceritinib", "ALK-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Zykadia (ceritinib), Novartis", side: .threePrime),
        kinase(
            "ALK", "crizotinib", "ALK-positive relapsed or refractory systemic anaplastic large cell lymphoma (paediatric and young adult)",
            alcl, "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        kinase(
            "ALK", "crizotinib", "ALK-positive inflammatory myofibroblastic tumour", imt,
            "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        // ROS1 rearrangement.
        kinase("ROS1", "crizotinib", "ROS1-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        kinase("ROS1", "entrectinib", "ROS1-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime),
        kinase("ROS1", "repotrectinib", "ROS1-positive locally advanced or metastatic non-small cell lung cancer", nsclc, "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime),
        // RET fusion.
        kinase("RET", "selpercatinib", "RET fusion-positive non-small cell lung cancer", nsclc, "FDA label: Retevmo (selpercatinib), Eli Lilly", side: .threePrime),
        kinase("RET", "pralsetinib", "RET fusion-positive metastatic non-small cell lung cancer", nsclc, "FDA label: Gavreto (pralsetinib), Genentech", side: .threePrime),
        kinase("RET", "selpercatinib", "RET fusion-positive thyroid cancer", thyroid, "FDA label: Retevmo (selpercatinib), Eli Lilly", side: .threePrime),
        kinase(
            "RET", "selpercatinib", "RET fusion-positive locally advanced or metastatic solid tumours", anyTumour, "FDA label: Retevmo (selpercatinib), Eli Lilly",
            side: .threePrime, agnostic: true),
        // NTRK1/2/3 fusion (tissue-agnostic).
        kinase("NTRK1", "larotrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Vitrakvi (larotrectinib), Bayer", side: .threePrime, agnostic: true),
        kinase("NTRK2", "larotrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Vitrakvi (larotrectinib), Bayer", side: .threePrime, agnostic: true),
        kinase("NTRK3", "larotrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Vitrakvi (larotrectinib), Bayer", side: .threePrime, agnostic: true),
        kinase("NTRK1", "entrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime, agnostic: true),
        kinase("NTRK2", "entrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime, agnostic: true),
        kinase("NTRK3", "entrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime, agnostic: true),
        kinase("NTRK1", "repotrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime, agnostic: true),
        kinase("NTRK2", "repotrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime, agnostic: true),
        kinase("NTRK3", "repotrectinib", "NTRK gene fusion solid tumours", anyTumour, "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime, agnostic: true),
        // BCR::ABL1.
        kinase("ABL1", "imatinib", "Philadelphia chromosome-positive (BCR::ABL1) chronic myeloid leukaemia", cml, "FDA label: Gleevec (imatinib), Novartis", partner: "BCR", side: .threePrime),
        kinase("ABL1", "imatinib", "Philadelphia chromosome-positive (BCR::ABL1) acute lymphoblastic leukaemia", all, "FDA label: Gleevec (imatinib), Novartis", partner: "BCR", side: .threePrime),
        kinase("ABL1", "dasatinib", "Philadelphia chromosome-positive (BCR::ABL1) chronic myeloid leukaemia", cml, "FDA label: Sprycel (dasatinib), Bristol Myers Squibb", partner: "BCR", side: .threePrime),
        kinase("ABL1", "dasatinib", "Philadelphia chromosome-positive (BCR::ABL1) acute lymphoblastic leukaemia", all, "FDA label: Sprycel (dasatinib), Bristol Myers Squibb", partner: "BCR", side: .threePrime),
        kinase("ABL1", "nilotinib", "Philadelphia chromosome-positive (BCR::ABL1) chronic myeloid leukaemia", cml, "FDA label: Tasigna (nilotinib), Novartis", partner: "BCR", side: .threePrime),
        kinase("ABL1", "bosutinib", "Philadelphia chromosome-positive (BCR::ABL1) chronic myeloid leukaemia", cml, "FDA label: Bosulif (bosutinib), Pfizer", partner: "BCR", side: .threePrime),
        kinase("ABL1", "ponatinib", "Philadelphia chromosome-positive (BCR::ABL1) chronic myeloid leukaemia", cml, "FDA label: Iclusig (ponatinib), Takeda", partner: "BCR", side: .threePrime),
        kinase("ABL1", "ponatinib", "Philadelphia chromosome-positive (BCR::ABL1) acute lymphoblastic leukaemia", all, "FDA label: Iclusig (ponatinib), Takeda", partner: "BCR", side: .threePrime),
        kinase("ABL1", "asciminib", "Philadelphia chromosome-positive (BCR::ABL1) chronic myeloid leukaemia in chronic phase", cml, "FDA label: Scemblix (asciminib), Novartis", partner: "BCR", side: .threePrime),
        // FGFR fusions/rearrangements (FGFR kinase usually the 5′ partner).
        kinase("FGFR2", "pemigatinib", "FGFR2 fusion or rearrangement, previously treated cholangiocarcinoma", cholangiocarcinoma, "FDA label: Pemazyre (pemigatinib), Incyte"),
        kinase("FGFR2", "futibatinib", "FGFR2 fusion or rearrangement, previously treated intrahepatic cholangiocarcinoma", intrahepaticCholangiocarcinoma, "FDA label: Lytgobi (futibatinib), Taiho"),
        kinase("FGFR3", "erdafitinib", "susceptible FGFR3 genetic alterations, locally advanced or metastatic urothelial carcinoma", urothelial, "FDA label: Balversa (erdafitinib), Janssen"),
        kinase("FGFR1", "pemigatinib", "relapsed or refractory myeloid/lymphoid neoplasms with FGFR1 rearrangement", fgfr1Neoplasms, "FDA label: Pemazyre (pemigatinib), Incyte"),
        kinase("PDGFRA", "imatinib", "myelodysplastic/myeloproliferative diseases with PDGFR gene rearrangements; hypereosinophilic syndrome/chronic eosinophilic leukaemia with FIP1L1::PDGFRA", pdgfrNeoplasms, "FDA label: Gleevec (imatinib), Novartis"),
        kinase("PDGFRB", "imatinib", "myelodysplastic/myeloproliferative diseases with PDGFR gene rearrangements", pdgfrNeoplasms, "FDA label: Gleevec (imatinib), Novartis"),
        // NRG1 fusion (3′ NRG1 keeps its EGF-like domain; zenocutuzumab binds HER2/HER3).
        TherapyEntry(
            gene: "NRG1", partner: nil, side: .threePrime, requiredDomain: nil, context: "NRG1 gene fusion, advanced non-small cell lung cancer", drug: "zenocutuzumab",
            level: "FDA-approved", tumourTypes: nsclc, tumourAgnostic: false, reference: "FDA label: Bizengri (zenocutuzumab), Partner Therapeutics"),
        TherapyEntry(
            gene: "NRG1", partner: nil, side: .threePrime, requiredDomain: nil, context: "NRG1 gene fusion, advanced pancreatic adenocarcinoma", drug: "zenocutuzumab",
            level: "FDA-approved", tumourTypes: pancreatic, tumourAgnostic: false, reference: "FDA label: Bizengri (zenocutuzumab), Partner Therapeutics"),
        // PML::RARA.
        TherapyEntry(
            gene: "RARA", partner: "PML", side: .threePrime, requiredDomain: nil,
            context: "induction of remission in acute promyelocytic leukaemia with t(15;17) or PML::RARA (PML/RARα) expression, refractory to or relapsed from anthracycline chemotherapy, or when anthracyclines are contraindicated",
            drug: "tretinoin (all-trans retinoic acid)", level: "FDA-approved", tumourTypes: apl, tumourAgnostic: false,
            reference: "FDA label: Vesanoid (tretinoin capsules), Roche; marketed today as generic tretinoin capsules"),
        TherapyEntry(
            gene: "RARA", partner: "PML", side: .threePrime, requiredDomain: nil,
            context: "acute promyelocytic leukaemia with t(15;17) or PML::RARA (with tretinoin)", drug: "arsenic trioxide", level: "FDA-approved",
            tumourTypes: apl, tumourAgnostic: false, reference: "FDA label: Trisenox (arsenic trioxide), Teva"),
    ]

    /// Every curated drug name (lower case), for checking rephrased text.
    public static var drugNames: Set<String> { Set(entries.map { $0.drug.lowercased() }) }
}
