import Synchronization

/// The functional class of a protein domain, as the mechanism rules need it.
///
/// Assigned from the domain's label (Pfam/CDD/SMART short name as the domain source writes it) and its
/// description; docs/EXPLANATION.md lists the patterns. A domain may belong to no class (`other`).
public enum DomainClass: String, Sendable, Codable, Hashable, CaseIterable {
    /// Protein kinase catalytic domain (Pkinase, Pkinase_Tyr, PTKc_*, STKc_*, …).
    case kinase
    /// Sequence-specific DNA-binding domain of a transcription factor (Ets, HLH, bZIP, homeobox, zf-C2H2, HMG, Runt, …).
    case dnaBinding = "dna_binding"
    /// Oligomerisation / dimerisation module (coiled-coil, PNT/SAM, BTB/POZ, LisH, Bcr-Abl_Oligo, PB1, …).
    case oligomerisation
    /// A kinesin motor domain: kinesin heavy chains dimerise through the coiled-coil neck and stalk that
    /// follow the motor, which the domain sources do not annotate. Counted as oligomerisation only when
    /// the fusion keeps residues past the motor's end.
    case kinesinMotor = "kinesin_motor"
    case other
}

/// Maps domain labels and descriptions onto `DomainClass`.
public enum DomainVocabulary {
    /// Label prefixes (case-insensitive) of kinase catalytic domains.
    static let kinasePrefixes = ["pkinase", "ptkc", "stkc", "pkc_", "s_tkc", "tyrkc", "pk_tyr_ser-thr", "ptk_", "stk_"]
    /// Description phrases (lower case) of kinase catalytic domains.
    static let kinasePhrases = [
        "protein tyrosine kinase", "protein kinase domain", "catalytic domain of the protein tyrosine kinase",
        "catalytic domain of the serine/threonine kinase", "serine/threonine protein kinase", "tyrosine kinase, catalytic domain",
        "catalytic domain of protein kinase",
    ]
    /// Label prefixes (case-insensitive) of DNA-binding domains.
    static let dnaBindingPrefixes = [
        "ets", "hlh", "bhlh", "bzip", "brlz", "zf-cxxc", "homeobox", "homeodomain", "hox", "zf-c2h2", "zf-h2c2", "zf-c4", "hmg", "runt", "forkhead", "fh",
        "pax", "paired", "mh1", "t-box", "tbox", "srf", "mads", "cut", "pou", "nr_dbd", "zn_clus", "rel", "rhd", "ctf", "tea", "arid",
        "sand", "ap2", "irf", "stat_bind", "tf_otx", "dm",
    ]
    /// Description phrases (lower case) of DNA-binding domains.
    static let dnaBindingPhrases = [
        "dna-binding", "dna binding", "basic region leucin", "ets-domain", "ets domain", "helix-loop-helix", "homeobox", "homeodomain", "high mobility group",
        "hmg-box", "hmg box", "runt domain", "forkhead", "basic region leucine zipper", "zinc finger, c2h2", "c2h2-type zinc finger",
        "paired box", "t-box",
    ]
    /// Label prefixes (case-insensitive) of oligomerisation modules.
    static let oligomerisationPrefixes = [
        "sam_", "sam", "pnt", "btb", "poz", "lish", "bcr-abl_oligo", "pb1", "coiled", "cc_", "tpr_mlp1", "trimer", "oligo", "dimer",
        "tacc",
    ]
    /// Description phrases (lower case) of oligomerisation modules.
    static let oligomerisationPhrases = [
        "coiled coil", "coiled-coil", "sterile alpha motif", "pointed domain", "btb/poz", "btb domain", "poz domain", "lish",
        "oligomerisation", "oligomerization", "dimerisation", "dimerization", "trimerisation", "trimerization", "leucine zipper",
        "self-association",
    ]

    /// Description phrases (lower case) of modules that a kinase description names but that are not its catalytic
    /// domain: "SH3 domain of the protein tyrosine kinase Abl", "transmembrane domain of ErbB2, a protein tyrosine
    /// kinase", a pseudokinase, a regulatory region.
    static let notKinasePhrases = [
        "kinase-associated", "kinase regulat", "kinase inhibitor", "src homology", "immunoglobulin", "transmembrane domain", "luminal domain",
        "pseudokinase", "rhodanese", "c terminal domain", "c-terminal domain", "pleckstrin homology",
    ]
    /// Label prefixes (case-insensitive) of such modules.
    static let notKinasePrefixes = ["sh2", "sh3", "ig", "tm_", "pkinase_c"]

    /// The class of one domain (``ProteinDomain/domainClass``, set when the domain was made).
    public static func classify(_ domain: ProteinDomain) -> DomainClass { domain.domainClass }

    /// The class of a domain label and description. Kinase wins over the others (a kinase domain is never
    /// DNA-binding). Memoised per label and description: the knowledge base's domain rows repeat across transcripts.
    static func classify(label: String, description: String?) -> DomainClass {
        classes.value(label: label, description: description) { classifyUncached(label: $0, description: $1) }
    }

    private static let classes = DomainLabelMemo<DomainClass>()

    static func classifyUncached(label name: String, description: String?) -> DomainClass {
        let label = name.lowercased()
        let text = (description ?? "").lowercased()
        if kinasePrefixes.contains(where: { label.hasPrefix($0) }) || kinasePhrases.contains(where: { text.contains($0) }) {
            // "kinase-associated", "kinase regulator", the SH3 domain of a kinase etc. are not catalytic domains.
            if !notKinasePhrases.contains(where: { text.contains($0) }) && !notKinasePrefixes.contains(where: { label.hasPrefix($0) }) { return .kinase }
        }
        if label.hasPrefix("kisc") || label.hasPrefix("kinesin") || text.hasPrefix("kinesin motor") { return .kinesinMotor }
        // "bzip" covers bZIP_1/bZIP_2; "zip" alone is an oligomerisation prefix, so DNA-binding is tested first. A prefix
        // of three letters or fewer matches only the whole label or before "_"/"-" (Ets, HMG_box, IRF-3), so CutA1,
        // RELT, Paxillin or Hox9_act are not taken for DNA-binding domains.
        if dnaBindingPrefixes.contains(where: { label == $0 || label.hasPrefix($0 + "_") || label.hasPrefix($0 + "-") || (label.hasPrefix($0) && $0.count >= 4) })
            || dnaBindingPhrases.contains(where: { text.contains($0) })
        {
            // An HMG-CoA enzyme or a "Runt-related" kinase adaptor is not a DNA-binding domain.
            if !text.contains("hmg-coa") && !text.contains("forkhead-associated") && !label.hasPrefix("fha") && !label.hasPrefix("hmgl") && !(label == "dm" && !text.contains("dna")) { return .dnaBinding }
        }
        if oligomerisationPrefixes.contains(where: { label.hasPrefix($0) }) || oligomerisationPhrases.contains(where: { text.contains($0) }) {
            return .oligomerisation
        }
        return .other
    }

    /// Whether a kept domain lets its partner oligomerise: an oligomerisation module, or a kinesin motor whose
    /// coiled-coil neck, which the domain sources do not annotate, is kept too (the partner keeps more than 50
    /// residues past the motor on the side away from the junction's cut: after it for a 5′ partner, before it for a
    /// 3′ partner). The same rule gives the mechanism's `partner_kinesin_coiled_coil` reason.
    public static func oligomerises(_ domain: ProteinDomain, keptResidues: ClosedRange<Int>?, fivePrime: Bool) -> Bool {
        switch classify(domain) {
        case .oligomerisation: return true
        case .kinesinMotor:
            guard let r = keptResidues else { return false }
            return fivePrime ? r.upperBound > domain.aaEnd + 50 : r.lowerBound < domain.aaStart - 50
        default: return false
        }
    }

    /// The display name of a domain: its label (Pfam/CDD short name).
    static func displayName(_ domain: ProteinDomain) -> String { domain.name }

    /// Ranks labels from a Pfam accession first (the family name boards know), then CDD/SMART, then others.
    static func preference(_ domain: ProteinDomain) -> Int {
        let accession = (domain.pfam ?? "").lowercased()
        if accession.hasPrefix("pfam") || accession.hasPrefix("pf") { return 0 }
        if accession.hasPrefix("cd") || accession.hasPrefix("smart") { return 1 }
        return 2
    }
}

/// A thread-safe memo of a value computed from a domain's label and description (the only inputs the
/// domain classifiers read), so the substring tests run once per distinct domain.
final class DomainLabelMemo<Value: Sendable>: Sendable {
    private struct Key: Hashable {
        var name: String
        var description: String?

        /// Hashes the name and the description's length only (descriptions are long sentences, hashed on every
        /// lookup otherwise); equality still compares both in full.
        func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(description?.utf8.count ?? -1)
        }
    }
    private let table = Mutex<[Key: Value]>([:])

    func value(label: String, description: String?, _ compute: (String, String?) -> Value) -> Value {
        let key = Key(name: label, description: description)
        if let known = table.withLock({ $0[key] }) { return known }
        let value = compute(label, description)
        table.withLock { $0[key] = value }
        return value
    }
}
