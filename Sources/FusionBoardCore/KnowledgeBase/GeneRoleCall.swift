/// Whether a gene counts as an oncogene and as a tumour suppressor: the one decision over a gene's `gene_role`
/// rows that the evidence rows (`oncogene_5p`, `tumour_suppressor_3p` …), the model's role features and, through
/// the evidence rows, the mechanism text all read (docs/KNOWLEDGE-BASE.md, "Gene roles: one decision").
///
/// 1. OncoKB's curated gene type decides when OncoKB types the gene: ONCOGENE, TSG, ONCOGENE_AND_TSG (both) or
///    NEITHER. CancerMine rows that disagree with it are set aside.
/// 2. Otherwise a CancerMine role counts when it has at least ``minimumCitations`` citations (summed over cancer
///    types) and at least ``minimumShare`` of the gene's oncogene + tumour-suppressor citations.
/// 3. A role row of any other source counts as listed.
///
/// A set-aside role is "no", and ``setAsideDetail(_:gene:japanese:)`` says why, with the counts it was weighed on.
public struct GeneRoleCall: Sendable, Hashable {
    public enum Role: String, Sendable, CaseIterable {
        case oncogene
        case tumourSuppressor = "tumour_suppressor"
    }

    /// Citations (CancerMine, summed over cancer types) a role needs when OncoKB does not type the gene.
    public static let minimumCitations = 4
    /// Share of the gene's CancerMine oncogene + tumour-suppressor citations a role needs when OncoKB does not type the gene.
    public static let minimumShare = 0.2
    /// The OncoKB gene types that decide the roles.
    static let decidingOncoKBTypes: Set<String> = ["ONCOGENE", "TSG", "ONCOGENE_AND_TSG", "NEITHER"]

    /// OncoKB's gene type when it decides (ONCOGENE, TSG, ONCOGENE_AND_TSG, NEITHER); nil when OncoKB does not list
    /// the gene or lists it without a type (INSUFFICIENT_EVIDENCE, none given).
    public let oncoKBType: String?
    /// CancerMine citations as oncogene / as tumour suppressor, summed over cancer types.
    public let cancerMineOncogene: Int, cancerMineSuppressor: Int
    /// The decision.
    public let oncogene: Bool, tumourSuppressor: Bool
    /// A role some row claims and the decision sets aside.
    public let oncogeneSetAside: Bool, tumourSuppressorSetAside: Bool

    public init(_ facts: [GeneRoleFact]) {
        var tally = Tally()
        for fact in facts {
            tally.add(role: fact.role, citations: fact.citations, source: Tally.Source(fact.provenance.source), detail: fact.detail)
        }
        self.init(tally)
    }

    /// A gene's role rows summed up, row by row: all the decision reads. ``FeatureExtractor`` tallies the whole
    /// `gene_role` table this way without building a ``GeneRoleFact`` per row.
    struct Tally {
        /// Which kind of source a row comes from.
        enum Source {
            case oncoKB, cancerMine, other
            init(_ name: String) {
                self =
                    KnowledgeBase.sourceName(name, is: "OncoKB cancer gene list")
                    ? .oncoKB : KnowledgeBase.sourceName(name, is: "CancerMine") ? .cancerMine : .other
            }
        }
        var cancerMineOncogene = 0, cancerMineSuppressor = 0
        var otherOncogene = false, otherSuppressor = false
        var claimedOncogene = false, claimedSuppressor = false
        var oncoKBListed = false, oncoKBOncogene = false, oncoKBSuppressor = false
        /// The type the OncoKB importer writes into the detail (`OncoKB gene type ONCOGENE; …`), first row that has one.
        var oncoKBTypeText: String?

        mutating func add(role: String, citations: Int?, source: Source, detail: String?) {
            add(oncogene: role == Role.oncogene.rawValue, suppressor: role == Role.tumourSuppressor.rawValue, citations: citations, source: source, detail: detail)
        }

        /// A row whose role is `oncogene`, `tumour_suppressor` or (both false) another role.
        mutating func add(oncogene: Bool, suppressor: Bool, citations: Int?, source: Source, detail: String?) {
            claimedOncogene = claimedOncogene || oncogene
            claimedSuppressor = claimedSuppressor || suppressor
            switch source {
            case .oncoKB:
                oncoKBListed = true
                oncoKBOncogene = oncoKBOncogene || oncogene
                oncoKBSuppressor = oncoKBSuppressor || suppressor
                if oncoKBTypeText == nil, let detail, detail.hasPrefix("OncoKB gene type ") {
                    // Trimmed as `.whitespaces` trims (tabs and space separators), without Foundation: this runs for
                    // every OncoKB row when a patient's role table is tallied whole.
                    let blank: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
                    var token = detail.dropFirst("OncoKB gene type ".count).prefix { $0 != ";" }.drop(while: blank)
                    while let last = token.last, blank(last) { token = token.dropLast() }
                    oncoKBTypeText = String(token)
                }
            case .cancerMine:
                // A CancerMine row without a count is one mention.
                if oncogene { cancerMineOncogene += max(citations ?? 1, 0) }
                if suppressor { cancerMineSuppressor += max(citations ?? 1, 0) }
            case .other:
                otherOncogene = otherOncogene || oncogene
                otherSuppressor = otherSuppressor || suppressor
            }
        }

        /// OncoKB's gene type when it decides: the type in the detail, else the roles OncoKB's rows gave.
        var oncoKBType: String? {
            guard oncoKBListed else { return nil }
            if let text = oncoKBTypeText { return decidingOncoKBTypes.contains(text) ? text : nil }
            switch (oncoKBOncogene, oncoKBSuppressor) {
            case (true, true): return "ONCOGENE_AND_TSG"
            case (true, false): return "ONCOGENE"
            case (false, true): return "TSG"
            case (false, false): return nil
            }
        }
    }

    init(_ tally: Tally) {
        let type = tally.oncoKBType
        let onc = tally.cancerMineOncogene, tsg = tally.cancerMineSuppressor
        func call(_ role: Role) -> Bool {
            if let type {
                switch role {
                case .oncogene: return type == "ONCOGENE" || type == "ONCOGENE_AND_TSG"
                case .tumourSuppressor: return type == "TSG" || type == "ONCOGENE_AND_TSG"
                }
            }
            if role == .oncogene ? tally.otherOncogene : tally.otherSuppressor { return true }
            let own = role == .oncogene ? onc : tsg
            return own >= Self.minimumCitations && Double(own) >= Self.minimumShare * Double(onc + tsg)
        }
        oncoKBType = type
        cancerMineOncogene = onc
        cancerMineSuppressor = tsg
        oncogene = call(.oncogene)
        tumourSuppressor = call(.tumourSuppressor)
        oncogeneSetAside = tally.claimedOncogene && !oncogene
        tumourSuppressorSetAside = tally.claimedSuppressor && !tumourSuppressor
    }

    public func holds(_ role: Role) -> Bool { role == .oncogene ? oncogene : tumourSuppressor }
    public func isSetAside(_ role: Role) -> Bool { role == .oncogene ? oncogeneSetAside : tumourSuppressorSetAside }

    /// Why a claimed role is "no" (nil when the role holds or no row claims it): the counts it was weighed on and
    /// the OncoKB type, e.g. "set aside: CancerMine 6 citations as tumour suppressor against 1,135 as oncogene; OncoKB: ONCOGENE".
    public func setAsideDetail(_ role: Role, japanese: Bool = false) -> String? {
        guard isSetAside(role) else { return nil }
        let own = role == .oncogene ? cancerMineOncogene : cancerMineSuppressor
        let other = role == .oncogene ? cancerMineSuppressor : cancerMineOncogene
        let total = own + other
        let share = total > 0 ? Double(own) / Double(total) : 0
        let percent = Self.percent(share), minimumPercent = Self.percent(Self.minimumShare)
        if japanese {
            let word = role == .oncogene ? "がん遺伝子" : "がん抑制遺伝子", otherWord = role == .oncogene ? "がん抑制遺伝子" : "がん遺伝子"
            var text = "採用せず：CancerMine で\(word)として引用 \(Self.grouped(own)) 件（\(otherWord)として \(Self.grouped(other)) 件）"
            if let type = oncoKBType {
                text += "；OncoKB：\(type)（OncoKB の遺伝子型を優先）"
            } else if own < Self.minimumCitations {
                text += "；引用 \(Self.minimumCitations) 件未満"
            } else {
                text += "；がん遺伝子・がん抑制遺伝子の引用の \(percent)（\(minimumPercent) 未満）"
            }
            return text
        }
        let word = role == .oncogene ? "oncogene" : "tumour suppressor", otherWord = role == .oncogene ? "tumour suppressor" : "oncogene"
        var text = "set aside: CancerMine \(Self.grouped(own)) citation\(own == 1 ? "" : "s") as \(word) against \(Self.grouped(other)) as \(otherWord)"
        if let type = oncoKBType {
            text += "; OncoKB: \(type) (OncoKB's gene type decides)"
        } else if own < Self.minimumCitations {
            text += " (fewer than \(Self.minimumCitations) citations)"
        } else {
            text += " (\(percent) of the gene's oncogene and tumour-suppressor citations, below \(minimumPercent))"
        }
        return text
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func percent(_ share: Double) -> String {
        let p = share * 100
        if p > 0 && p < 1 { return "\((p * 10).rounded() / 10) %".replacingOccurrences(of: ".0 %", with: " %") }
        return "\(Int(p.rounded())) %"
    }
}
