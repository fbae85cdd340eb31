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

    /// A number usable as an index dimension (1…25), or nil for non-primary contigs.
    public static func rank(_ canonicalName: String) -> Int? { rankByName[canonicalName] }

    /// The UCSC spelling of a canonical name: `chr1`, `chrX`, `chrM`.
    public static func ucscName(_ canonicalName: String) -> String {
        canonicalName == "MT" ? "chrM" : "chr" + canonicalName
    }
}
