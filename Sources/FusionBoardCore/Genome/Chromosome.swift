/// Chromosome naming: inputs say `chr1`, `1`, `chrM` or `MT`; FusionBoard keys everything on the
/// bare primary name (`1`…`22`, `X`, `Y`, `MT`) and prints UCSC names (`chr1`) in GRCh38 output.
public enum Chromosome {
    /// The primary assembled chromosomes, in karyotype order.
    public static let primary: [String] = (1...22).map(String.init) + ["X", "Y", "MT"]

    static let rankByName: [String: Int] = {
        var ranks: [String: Int] = [:]
        for (index, name) in primary.enumerated() { ranks[name] = index + 1 }
        return ranks
    }()

    /// The canonical bare name of a primary chromosome, or nil for alt, decoy, unplaced and
    /// unknown contigs (`chrUn_…`, `…_alt`, `hs37d5`, `GL000220.1`).
    public static func canonical(_ name: String) -> String? {
        if name.hasPrefix("NC_0") || name.hasPrefix("CM0") { return accession(name) }
        var bare = Substring(name)
        if bare.hasPrefix("chr") || bare.hasPrefix("Chr") || bare.hasPrefix("CHR") { bare = bare.dropFirst(3) }
        switch bare {
        case "M", "MT", "m", "mt": return "MT"
        case "x": return "X"
        case "y": return "Y"
        default: break
        }
        let text = String(bare)
        return rankByName[text] != nil ? text : nil
    }

    /// RefSeq (`NC_000001.10`/`.11`, `NC_012920.1`) and GenBank (`CM000663.1`/`.2`) accessions of the primary
    /// chromosomes, for both GRCh37 and GRCh38 (the number is the same; only the version differs).
    static func accession(_ name: String) -> String? {
        let base = name.prefix { $0 != "." }
        if base == "NC_012920" { return "MT" }
        if base.hasPrefix("NC_0000"), let n = Int(base.dropFirst(7)), (1...24).contains(n) {
            return n == 23 ? "X" : n == 24 ? "Y" : String(n)
        }
        if base.hasPrefix("CM000"), let n = Int(base.dropFirst(5)), (663...686).contains(n) {
            let k = n - 662
            return k == 23 ? "X" : k == 24 ? "Y" : String(k)
        }
        return nil
    }

    /// A number usable as an index dimension (1…25), or nil for non-primary contigs.
    public static func rank(_ canonicalName: String) -> Int? { rankByName[canonicalName] }

    /// The UCSC spelling of a canonical name: `chr1`, `chrX`, `chrM`.
    public static func ucscName(_ canonicalName: String) -> String {
        canonicalName == "MT" ? "chrM" : "chr" + canonicalName
    }
}
