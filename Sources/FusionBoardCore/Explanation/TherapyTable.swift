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
    /// Lower-case tumour-type words that make the indication match a patient's tumour type.
    public var tumourKeywords: [String]
    /// Approval regardless of tumour type (tissue-agnostic label).
    public var tumourAgnostic: Bool
    /// The reference: label name and holder, as a checkable citation.
    public var reference: String
}

/// The curated therapy table (FDA labels). Only contexts defined by a fusion/rearrangement are listed.
public enum TherapyTable {
    static let lung = ["lung", "nsclc", "non-small", "肺"]
    static let cml = ["chronic myeloid", "chronic myelogenous", "cml", "慢性骨髄性"]
    static let all = ["acute lymphoblastic", "b-all", "ph+ all", "急性リンパ性"]

    static func kinase(
        _ gene: String, _ drug: String, _ context: String, _ keywords: [String], _ reference: String, partner: String? = nil,
        side: PartnerRole? = nil, agnostic: Bool = false
    ) -> TherapyEntry {
        TherapyEntry(
            gene: gene, partner: partner, side: side, requiredDomain: .kinase, context: context, drug: drug, level: "FDA-approved",
            tumourKeywords: keywords, tumourAgnostic: agnostic, reference: reference)
    }

    public static let entries: [TherapyEntry] = [
        // ALK rearrangement (3′ ALK kinase).
        kinase("ALK", "alectinib", "ALK-positive metastatic non-small cell lung cancer", lung, "FDA label: Alecensa (alectinib), Genentech", side: .threePrime),
        kinase("ALK", "brigatinib", "ALK-positive metastatic non-small cell lung cancer", lung, "FDA label: Alunbrig (brigatinib), Takeda", side: .threePrime),
        kinase("ALK", "lorlatinib", "ALK-positive metastatic non-small cell lung cancer", lung, "FDA label: Lorbrena (lorlatinib), Pfizer", side: .threePrime),
        kinase("ALK", "crizotinib", "ALK-positive metastatic non-small cell lung cancer", lung, "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        kinase("ALK", "ceritinib", "ALK-positive metastatic non-small cell lung cancer", lung, "FDA label: Zykadia (ceritinib), Novartis", side: .threePrime),
        kinase(
            "ALK", "crizotinib", "ALK-positive relapsed or refractory systemic anaplastic large cell lymphoma (paediatric and young adult)",
            ["anaplastic large cell", "alcl", "未分化大細胞"], "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        kinase(
            "ALK", "crizotinib", "ALK-positive inflammatory myofibroblastic tumour", ["inflammatory myofibroblastic", "imt", "炎症性筋線維芽細胞"],
            "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        // ROS1 rearrangement.
        kinase("ROS1", "crizotinib", "ROS1-positive metastatic non-small cell lung cancer", lung, "FDA label: Xalkori (crizotinib), Pfizer", side: .threePrime),
        kinase("ROS1", "entrectinib", "ROS1-positive metastatic non-small cell lung cancer", lung, "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime),
        kinase("ROS1", "repotrectinib", "ROS1-positive locally advanced or metastatic non-small cell lung cancer", lung, "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime),
        // RET fusion.
        kinase("RET", "selpercatinib", "RET fusion-positive non-small cell lung cancer", lung, "FDA label: Retevmo (selpercatinib), Eli Lilly", side: .threePrime),
        kinase("RET", "pralsetinib", "RET fusion-positive metastatic non-small cell lung cancer", lung, "FDA label: Gavreto (pralsetinib), Genentech", side: .threePrime),
        kinase("RET", "selpercatinib", "RET fusion-positive thyroid cancer", ["thyroid", "甲状腺"], "FDA label: Retevmo (selpercatinib), Eli Lilly", side: .threePrime),
        kinase(
            "RET", "selpercatinib", "RET fusion-positive locally advanced or metastatic solid tumours", [], "FDA label: Retevmo (selpercatinib), Eli Lilly",
            side: .threePrime, agnostic: true),
        // NTRK1/2/3 fusion (tissue-agnostic).
        kinase("NTRK1", "larotrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Vitrakvi (larotrectinib), Bayer", side: .threePrime, agnostic: true),
        kinase("NTRK2", "larotrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Vitrakvi (larotrectinib), Bayer", side: .threePrime, agnostic: true),
        kinase("NTRK3", "larotrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Vitrakvi (larotrectinib), Bayer", side: .threePrime, agnostic: true),
        kinase("NTRK1", "entrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime, agnostic: true),
        kinase("NTRK2", "entrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime, agnostic: true),
        kinase("NTRK3", "entrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Rozlytrek (entrectinib), Genentech", side: .threePrime, agnostic: true),
        kinase("NTRK1", "repotrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime, agnostic: true),
        kinase("NTRK2", "repotrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime, agnostic: true),
        kinase("NTRK3", "repotrectinib", "NTRK gene fusion solid tumours", [], "FDA label: Augtyro (repotrectinib), Bristol Myers Squibb", side: .threePrime, agnostic: true),
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
        kinase("FGFR2", "pemigatinib", "FGFR2 fusion or rearrangement, previously treated cholangiocarcinoma", ["cholangio", "biliary", "胆管"], "FDA label: Pemazyre (pemigatinib), Incyte"),
        kinase("FGFR2", "futibatinib", "FGFR2 fusion or rearrangement, previously treated intrahepatic cholangiocarcinoma", ["cholangio", "biliary", "胆管"], "FDA label: Lytgobi (futibatinib), Taiho"),
        kinase("FGFR3", "erdafitinib", "susceptible FGFR3 genetic alterations, locally advanced or metastatic urothelial carcinoma", ["urothelial", "bladder", "尿路上皮", "膀胱"], "FDA label: Balversa (erdafitinib), Janssen"),
        kinase("FGFR1", "pemigatinib", "relapsed or refractory myeloid/lymphoid neoplasms with FGFR1 rearrangement", ["myeloid", "lymphoid", "mln", "骨髄性", "リンパ性"], "FDA label: Pemazyre (pemigatinib), Incyte"),
        kinase("PDGFRA", "imatinib", "myelodysplastic/myeloproliferative diseases with PDGFR gene rearrangements; hypereosinophilic syndrome/chronic eosinophilic leukaemia with FIP1L1::PDGFRA", ["myelodysplastic", "myeloproliferative", "eosinophil", "骨髄"], "FDA label: Gleevec (imatinib), Novartis"),
        kinase("PDGFRB", "imatinib", "myelodysplastic/myeloproliferative diseases with PDGFR gene rearrangements", ["myelodysplastic", "myeloproliferative", "eosinophil", "骨髄"], "FDA label: Gleevec (imatinib), Novartis"),
        // NRG1 fusion (3′ NRG1 keeps its EGF-like domain; zenocutuzumab binds HER2/HER3).
        TherapyEntry(
            gene: "NRG1", partner: nil, side: .threePrime, requiredDomain: nil, context: "NRG1 gene fusion, advanced non-small cell lung cancer", drug: "zenocutuzumab",
            level: "FDA-approved", tumourKeywords: lung, tumourAgnostic: false, reference: "FDA label: Bizengri (zenocutuzumab), Partner Therapeutics"),
        TherapyEntry(
            gene: "NRG1", partner: nil, side: .threePrime, requiredDomain: nil, context: "NRG1 gene fusion, advanced pancreatic adenocarcinoma", drug: "zenocutuzumab",
            level: "FDA-approved", tumourKeywords: ["pancrea", "膵"], tumourAgnostic: false, reference: "FDA label: Bizengri (zenocutuzumab), Partner Therapeutics"),
        // PML::RARA.
        TherapyEntry(
            gene: "RARA", partner: "PML", side: .threePrime, requiredDomain: nil,
            context: "acute promyelocytic leukaemia with t(15;17) or PML::RARA (with arsenic trioxide)", drug: "tretinoin (all-trans retinoic acid)",
            level: "FDA-approved", tumourKeywords: ["promyelocytic", "apl", "前骨髄球性"], tumourAgnostic: false, reference: "FDA label: Trisenox (arsenic trioxide), Teva"),
        TherapyEntry(
            gene: "RARA", partner: "PML", side: .threePrime, requiredDomain: nil,
            context: "acute promyelocytic leukaemia with t(15;17) or PML::RARA (with tretinoin)", drug: "arsenic trioxide", level: "FDA-approved",
            tumourKeywords: ["promyelocytic", "apl", "前骨髄球性"], tumourAgnostic: false, reference: "FDA label: Trisenox (arsenic trioxide), Teva"),
    ]

    /// Every curated drug name (lower case), for checking rephrased text.
    public static var drugNames: Set<String> { Set(entries.map { $0.drug.lowercased() }) }
}
