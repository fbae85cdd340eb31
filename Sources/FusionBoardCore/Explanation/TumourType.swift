import Foundation

/// A patient's tumour type (`--tumor-type`) as therapy matching reads it.
///
/// The text is normalised (Unicode compatibility form, lower case, accents and width folded) and read twice:
/// as **Latin words** (runs of ASCII letters and digits; punctuation, spaces and any other script are boundaries),
/// which Latin keywords must match as whole words or phrases, and as **compact Japanese text** (no spaces or
/// punctuation), in which Japanese keywords are looked up as substrings. Metastatic sites the text names
/// (`lung metastasis`, `metastatic to the lung`, `肺転移`) are set aside first, so that the organ a tumour spread
/// to is never read as its primary. docs/EXPLANATION.md lists the rules.
public struct TumourTypeText: Sendable, Hashable {
    /// The tumour type as given.
    public let text: String
    /// The reading matched against keywords, metastatic sites set aside.
    let reading: Reading
    /// The reading with nothing set aside: tells whether a metastatic site made the difference.
    let unfiltered: Reading
    /// The metastatic sites set aside, as the text names them (`lung`, `lymph node`, `肺`).
    public let metastaticSites: [String]

    /// One word of the Latin reading: lower-case for matching, and as written (after folding) for acronyms.
    struct Word: Sendable, Hashable {
        var lower: String
        var original: String
        static let blank = Word(lower: "", original: "")
    }

    /// Latin words and compact Japanese text, each a sequence the keywords are matched against.
    struct Reading: Sendable, Hashable {
        var words: [Word]
        var compact: [Character]
    }

    /// nil when the text names no tumour type (empty, punctuation only, or "unknown" and the like).
    public init?(_ text: String) {
        let words = Self.words(text)
        let compact = Self.compact(text)
        let joined = words.map(\.lower).joined(separator: " ")
        if words.isEmpty && compact.isEmpty { return nil }
        if Self.notStated.contains(joined) || (words.isEmpty && Self.notStatedJapanese.contains(String(compact))) { return nil }
        self.text = text
        unfiltered = Reading(words: words, compact: compact)
        var sites: [String] = []
        let latin = MetastaticSites.setAsideLatin(words, sites: &sites)
        let japanese = MetastaticSites.setAsideJapanese(compact, sites: &sites)
        reading = Reading(words: latin, compact: japanese)
        metastaticSites = sites
    }

    /// Words that state no tumour type.
    static let notStated: Set<String> = ["unknown", "na", "n a", "none", "not given", "not available", "not known", "unk", "tbd", "other"]
    static let notStatedJapanese: Set<String> = ["不明", "未指定", "未定", "なし"]

    /// The Latin words of a text: runs of ASCII letters and digits after compatibility normalisation and
    /// folding of accents and width; every other character is a boundary.
    static func words(_ text: String) -> [Word] {
        let folded = text.precomposedStringWithCompatibilityMapping.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        var result: [Word] = []
        var current = String.UnicodeScalarView()
        func flush() {
            guard !current.isEmpty else { return }
            let original = String(current)
            result.append(Word(lower: original.lowercased(), original: original))
            current = String.UnicodeScalarView()
        }
        for scalar in folded.unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) { current.append(scalar) } else { flush() }
        }
        flush()
        return result
    }

    /// The compact text for Japanese keywords: compatibility-normalised, lower case, without whitespace,
    /// punctuation or symbols.
    static func compact(_ text: String) -> [Character] {
        let drop = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters).union(.symbols).union(.controlCharacters)
        let scalars = text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars.filter { !drop.contains($0) }
        return Array(String(String.UnicodeScalarView(scalars)))
    }
}

/// Recognises metastatic sites in a tumour type and sets them aside.
enum MetastaticSites {
    /// Organ and site words (single words; `lymph node` is `lymph` + `node`). A trailing plural `s` is accepted.
    static let latinSites: Set<String> = [
        "lung", "pulmonary", "liver", "hepatic", "bone", "osseous", "skeletal", "brain", "cerebral", "intracranial", "cns",
        "adrenal", "lymph", "node", "nodal", "pleura", "pleural", "peritoneum", "peritoneal", "omentum", "omental", "skin",
        "cutaneous", "subcutaneous", "ovary", "ovarie", "ovarian", "thyroid", "bladder", "pancreas", "pancreatic", "spleen",
        "splenic", "kidney", "renal", "breast", "chest", "wall", "soft", "tissue", "spine", "spinal", "vertebra", "vertebral",
        "leptomeningeal", "meningeal", "marrow", "pericardial", "muscle", "distant", "contralateral",
    ]
    /// Words that join sites in a list (`lung and liver`, `the lung`).
    static let connectors: Set<String> = ["and", "or", "the", "both", "bilateral", "multiple", "multifocal"]
    /// Words that make the sites just before them metastatic (`lung metastasis`, `lung mets`, `lung involvement`).
    static let afterSite: Set<String> = [
        "metastasis", "metastases", "metastatic", "mets", "secondary", "secondaries", "deposit", "deposits", "involvement",
    ]
    /// Words that, after `metastatic`, name the metastasis itself (`lung metastatic lesion`).
    static let lesionWords: Set<String> = [
        "lesion", "lesions", "disease", "deposit", "deposits", "nodule", "nodules", "focus", "foci", "tumor", "tumors", "tumour", "tumours", "site", "sites",
    ]
    /// Words that, followed by `to`/`in`/`into`/`within`, make the sites after them metastatic (`metastatic to the lung`).
    static let beforeSite: Set<String> = [
        "metastasis", "metastases", "metastatic", "mets", "metastasized", "metastasised", "metastasizing", "metastasising",
        "spread", "spreading", "involvement",
    ]
    static let prepositions: Set<String> = ["to", "in", "into", "within"]

    static func isSite(_ word: String) -> Bool {
        latinSites.contains(word) || (word.hasSuffix("s") && latinSites.contains(String(word.dropLast())))
    }

    /// The words with metastatic sites blanked; the sites are appended to `sites`.
    static func setAsideLatin(_ words: [TumourTypeText.Word], sites: inout [String]) -> [TumourTypeText.Word] {
        var blank = Array(repeating: false, count: words.count)
        let lower = words.map(\.lower)
        /// Blanks the sites in `indices` and the connectors between them; nothing when they hold no site.
        func mark(_ indices: [Int]) {
            let siteIndices = indices.filter { isSite(lower[$0]) }
            guard !siteIndices.isEmpty, let first = siteIndices.min(), let last = siteIndices.max() else { return }
            for i in first...last { blank[i] = true }
            sites.append((first...last).map { lower[$0] }.joined(separator: " "))
        }
        /// Indices of the run of sites and connectors starting at `start` and going in `step` direction.
        func run(from start: Int, step: Int) -> [Int] {
            var indices: [Int] = []
            var i = start
            while i >= 0 && i < lower.count && !blank[i] && (isSite(lower[i]) || connectors.contains(lower[i])) {
                indices.append(i)
                i += step
            }
            return indices
        }
        var metastasisSeen = false
        for (i, word) in lower.enumerated() {
            // `lung metastasis`, `lung and liver metastases`, `lung metastatic lesion`.
            if afterSite.contains(word) && (word != "metastatic" || (i + 1 < lower.count && lesionWords.contains(lower[i + 1]))) {
                mark(run(from: i - 1, step: -1))
            }
            // `metastatic to the lung`, `metastasis in the liver`, `involving the lung`.
            if beforeSite.contains(word), i + 1 < lower.count, prepositions.contains(lower[i + 1]) {
                mark(run(from: i + 2, step: 1))
            } else if word == "involving" {
                mark(run(from: i + 1, step: 1))
            } else if metastasisSeen && (word == "to" || word == "into") {
                // `metastatic colorectal cancer to the lung`: `to` a site after a metastasis word.
                mark(run(from: i + 1, step: 1))
            }
            if beforeSite.contains(word) || afterSite.contains(word) { metastasisSeen = true }
        }
        return zip(words, blank).map { $1 ? .blank : $0 }
    }

    /// Japanese sites, longest first so that `肝臓` is read before `肝`.
    static let japaneseSites: [String] = [
        "リンパ節", "肝臓", "膵臓", "骨髄", "副腎", "胸膜", "腹膜", "皮膚", "卵巣", "甲状腺", "脊椎", "胸壁", "軟部", "髄膜", "心膜", "遠隔", "対側",
        "肺", "肝", "骨", "脳", "膵", "腎", "脾", "乳房",
    ].sorted { $0.count > $1.count }
    static let japaneseConnectors = ["および", "及び", "多発", "両側", "と", "や"]
    /// Particles between the sites and 転移 (`肺への転移`, `肺に転移`).
    static let japaneseParticles = ["への", "へ", "に"]
    /// Words after `転移性` + site that name a metastatic tumour of that site (`転移性肺腫瘍`: a metastasis in the lung).
    static let japaneseTumourWords = ["腫瘍", "癌", "がん", "ガン"]

    /// The compact text with metastatic sites replaced by spaces (so that no keyword spans the gap).
    static func setAsideJapanese(_ text: [Character], sites: inout [String]) -> [Character] {
        var chars = text
        let marker: [Character] = Array("転移")
        var i = 0
        while i + marker.count <= chars.count {
            guard Array(chars[i..<i + marker.count]) == marker else { i += 1; continue }
            let after = i + marker.count
            if after < chars.count && chars[after] == "性" {
                // 転移性肺腫瘍 / 転移性肺癌: metastases in the lung.
                let p = after + 1
                if let site = japaneseSites.first(where: { hasPrefix(chars, at: p, $0) }),
                   japaneseTumourWords.contains(where: { hasPrefix(chars, at: p + site.count, $0) }) {
                    sites.append(site)
                    for k in p..<(p + site.count) { chars[k] = " " }
                }
                i = after
                continue
            }
            var p = i
            if let particle = japaneseParticles.first(where: { hasSuffix(chars, before: p, $0) }) { p -= particle.count }
            var found: [String] = []
            while true {
                if let site = japaneseSites.first(where: { hasSuffix(chars, before: p, $0) }) {
                    found.insert(site, at: 0)
                    for k in (p - site.count)..<p { chars[k] = " " }
                    p -= site.count
                } else if !found.isEmpty, let connector = japaneseConnectors.first(where: { hasSuffix(chars, before: p, $0) }),
                          japaneseSites.contains(where: { hasSuffix(chars, before: p - connector.count, $0) }) {
                    p -= connector.count
                } else {
                    break
                }
            }
            if !found.isEmpty { sites.append(found.joined(separator: "・")) }
            i = after
        }
        return chars
    }

    static func hasPrefix(_ chars: [Character], at index: Int, _ word: String) -> Bool {
        let w = Array(word)
        return index >= 0 && index + w.count <= chars.count && Array(chars[index..<index + w.count]) == w
    }

    static func hasSuffix(_ chars: [Character], before index: Int, _ word: String) -> Bool {
        hasPrefix(chars, at: index - word.count, word)
    }
}

/// The tumour types an FDA label's indication covers, as keywords looked for in a patient's tumour type, and the
/// types it does not cover although they share its words (small cell lung cancer is not non-small cell lung cancer).
///
/// Latin keywords match whole words or phrases (`non-small cell` matches `Non-small-cell lung carcinoma`, `apl`
/// does not match `aplastic`; the last word may take a plural `s`); a keyword written in capitals (`ALL`) matches
/// only in capitals, for acronyms that are also ordinary words. Japanese keywords match as substrings. An exclusion
/// found inside a keyword's own match does not count (`small cell` inside `non-small cell`, `小細胞` inside `非小細胞`).
public struct TumourTypeMatcher: Sendable, Codable, Hashable {
    public var keywords: [String]
    public var exclusions: [String]

    public init(keywords: [String], exclusions: [String] = []) {
        self.keywords = keywords
        self.exclusions = exclusions
    }

    /// Whether the label covers the tumour type, and the term that decided it.
    public func match(_ tumour: TumourTypeText) -> TumourTypeMatch {
        let found = Self.occurrences(keywords, in: tumour.reading)
        let excluded = Self.occurrences(exclusions, in: tumour.reading).filter { e in
            !found.contains { $0.japanese == e.japanese && $0.range.lowerBound <= e.range.lowerBound && e.range.upperBound <= $0.range.upperBound }
        }
        if let keyword = found.first {
            // A keyword with an exclusion beside it (`small cell lung cancer`): another tumour type.
            if let exclusion = excluded.first { return .excluded(term: exclusion.term) }
            return .covered(keyword: keyword.term)
        }
        let unfiltered = Self.occurrences(keywords, in: tumour.unfiltered)
        if !unfiltered.isEmpty, !tumour.metastaticSites.isEmpty {
            return .notCovered(metastaticSite: tumour.metastaticSites.joined(separator: ", "))
        }
        return .notCovered(metastaticSite: nil)
    }

    struct Occurrence {
        var term: String
        var japanese: Bool
        var range: Range<Int>
    }

    /// Where each term occurs: word ranges for Latin terms, character ranges for Japanese ones; in the order of the terms.
    static func occurrences(_ terms: [String], in reading: TumourTypeText.Reading) -> [Occurrence] {
        var result: [Occurrence] = []
        for term in terms {
            if term.unicodeScalars.contains(where: { !$0.isASCII }) {
                let needle = TumourTypeText.compact(term)
                guard !needle.isEmpty, needle.count <= reading.compact.count else { continue }
                for start in 0...(reading.compact.count - needle.count) where Array(reading.compact[start..<start + needle.count]) == needle {
                    result.append(Occurrence(term: term, japanese: true, range: start..<start + needle.count))
                }
            } else {
                let needle = TumourTypeText.words(term)
                let acronym = term == term.uppercased() && term.contains(where: \.isLetter)
                guard !needle.isEmpty, needle.count <= reading.words.count else { continue }
                for start in 0...(reading.words.count - needle.count) {
                    let matches = needle.indices.allSatisfy { j in
                        let word = reading.words[start + j], key = needle[j]
                        let (have, want) = acronym ? (word.original, key.original) : (word.lower, key.lower)
                        return !have.isEmpty && (have == want || (j == needle.count - 1 && (have == want + "s" || have == want + "S")))
                    }
                    if matches { result.append(Occurrence(term: term, japanese: false, range: start..<start + needle.count)) }
                }
            }
        }
        return result
    }
}

/// How a label's tumour types relate to the patient's tumour type.
public enum TumourTypeMatch: Sendable, Hashable {
    /// The tumour type names a type the label covers (`keyword` as the table writes it).
    case covered(keyword: String)
    /// The tumour type has a keyword of the label but names a type the label does not cover (`small cell`).
    case excluded(term: String)
    /// No keyword of the label in the tumour type; `metastaticSite` when a keyword was there only as a metastatic site.
    case notCovered(metastaticSite: String?)
}
