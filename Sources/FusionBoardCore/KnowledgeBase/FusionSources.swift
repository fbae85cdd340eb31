import Foundation

/// Pair-level optional sources: known fusions (ChimerDB, COSMIC, Mitelman), fusions seen in normal
/// tissue (GTEx, BodyMap, Babiceanu, Greger), read-through genes (ConjoinG), paralog clusters (DGD).
enum FusionSources {
    static let ctat = "FusionAnnotator/CTAT_HumanFusionLib @7872b07 : fusion_lib_data/data/"

    /// A ChimerDB 3.0 pipe table `| 5' | 3' |`; records are aggregated per pair (count = records).
    static func chimerTable(_ part: String, file: String, description: String) -> OptionalSource {
        OptionalSource(
            name: "ChimerDB 3.0 \(part)", category: "known-fusions", fileNames: [file], version: "3.0", date: "2017",
            origin: "\(ctat)ChimerDB/\(file) (ChimerDB 3.0 \(description), Lee et al. 2017)", licence: "academic use (ChimerDB)"
        ) { context in
            let writer = try PairWriter(context, table: "known_fusion")
            var counts: [String: (a: String, b: String, row: Int, count: Int)] = [:]
            var order: [String] = []
            var skipped = 0
            try SourceText.forEachLine(context.file) { line, number in
                guard line.hasPrefix("|") else { return }
                let f = SourceText.pipeFields(line)
                guard f.count >= 2, !f[0].isEmpty, !f[1].isEmpty else {
                    skipped += 1
                    return
                }
                let key = f[0] + "\t" + f[1]
                if counts[key] == nil {
                    counts[key] = (f[0], f[1], number, 0)
                    order.append(key)
                }
                counts[key]!.count += 1
            }
            for key in order {
                let entry = counts[key]!
                try writer.known(entry.a, entry.b, row: entry.row, count: entry.count, disease: nil, pmids: [], detail: nil)
            }
            return try writer.finish(extra: skipped > 0 ? "\(skipped) rows without two genes skipped" : nil)
        }
    }

    static let chimerKB = chimerTable("KB", file: "ChimerKB.fusions", description: "curated knowledge base")
    static let chimerPub = chimerTable("Pub", file: "ChimerPub.fusions", description: "text-mined literature")
    static let chimerSeq = chimerTable("Seq", file: "ChimerSeq.fusions", description: "fusions from sequencing data")

    /// ChimerDB fusion pair → disease → PubMed ids (fusion-level literature).
    static let chimerPubMed = OptionalSource(
        name: "ChimerDB 3.0 PubMed", category: "known-fusions", fileNames: ["chimerdb_pubmed_chims.txt"], version: "3.0", date: "2017",
        origin: "\(ctat)chimerdb_pubmed_chims.txt (ChimerDB 3.0 PubMed-mined fusions)", licence: "academic use (ChimerDB)"
    ) { context in
        let writer = try PairWriter(context, table: "known_fusion")
        struct Entry { var a: String; var b: String; var row: Int; var diseases: [String]; var pmids: [Int] }
        var entries: [String: Entry] = [:]
        var order: [String] = []
        try TableFile.forEachRow(context.file, header: true) { f, number in
            guard f.count >= 4, !f[0].isEmpty, !f[1].isEmpty else { return }
            let key = f[0] + "\t" + f[1]
            if entries[key] == nil {
                entries[key] = Entry(a: f[0], b: f[1], row: number, diseases: [], pmids: [])
                order.append(key)
            }
            if !f[2].isEmpty && !entries[key]!.diseases.contains(f[2]) { entries[key]!.diseases.append(f[2]) }
            for pmid in SourceText.integers(f[3]) where !entries[key]!.pmids.contains(pmid) { entries[key]!.pmids.append(pmid) }
        }
        for key in order {
            let e = entries[key]!
            try writer.known(e.a, e.b, row: e.row, count: e.pmids.count, disease: e.diseases.joined(separator: "; "), pmids: e.pmids.sorted(), detail: nil)
        }
        return try writer.finish()
    }

    /// COSMIC fusion list: `A-B  samples  mutations  papers`.
    static let cosmic = OptionalSource(
        name: "COSMIC fusions", category: "known-fusions", fileNames: ["cosmic_fusion_list.txt"], version: "CTAT_HumanFusionLib @7872b07 snapshot",
        date: nil, origin: "\(ctat)cosmic_fusion_list.txt (COSMIC curated fusions)", licence: "COSMIC terms of use"
    ) { context in
        let writer = try PairWriter(context, table: "known_fusion")
        try TableFile.forEachRow(context.file, header: false) { f, number in
            guard let first = f.first, !first.hasPrefix("#"), !first.isEmpty else { return }
            guard let (a, b) = SourceText.hyphenPair(first, symbols: context.symbols) else {
                throw InputError(file: context.file, line: number, "expected a fusion written GENE5-GENE3 in the first column, found '\(first)'")
            }
            let samples = f.count > 1 ? Int(f[1].trimmingCharacters(in: .whitespaces)) : nil
            let detail = "samples=\(f.count > 1 ? f[1] : "?"), mutations=\(f.count > 2 ? f[2] : "?"), papers=\(f.count > 3 ? f[3].trimmingCharacters(in: .whitespaces) : "?")"
            try writer.known(a, b, row: number, count: samples, disease: nil, pmids: [], detail: first.contains("_") ? detail + "; isoform-specific: \(first)" : detail)
        }
        return try writer.finish()
    }

    /// Mitelman recurrent fusions: `A--B  DISEASE=n,DISEASE=n`.
    static let mitelman = OptionalSource(
        name: "Mitelman recurrent fusions", category: "known-fusions", fileNames: ["mitelman_db_recurrent_summary.txt"],
        version: "CTAT_HumanFusionLib @7872b07 snapshot", date: nil,
        origin: "\(ctat)mitelman_db_recurrent_summary.txt (Mitelman Database of Chromosome Aberrations and Gene Fusions in Cancer)",
        licence: "Mitelman Database terms (free for non-commercial use)"
    ) { context in
        let writer = try PairWriter(context, table: "known_fusion")
        try TableFile.forEachRow(context.file, header: false) { f, number in
            guard let first = f.first, !first.hasPrefix("#"), !first.isEmpty else { return }
            guard let (a, b) = SourceText.pair(first) else {
                throw InputError(file: context.file, line: number, "expected GENE5--GENE3 in the first column, found '\(first)'")
            }
            let codes = f.count > 1 ? f[1] : ""
            let total = codes.split(separator: ",").compactMap { $0.split(separator: "=").last.flatMap { Int($0) } }.reduce(0, +)
            try writer.known(a, b, row: number, count: total, disease: codes, pmids: [], detail: "cases per disease code")
        }
        return try writer.finish()
    }

    // MARK: Normal tissue

    /// GTEx recurrent STAR-Fusion calls per tissue (`pct;n=k` per tissue column).
    static let gtex = OptionalSource(
        name: "GTEx normal-tissue fusions", category: "normal-tissue", fileNames: ["GTEx.starF.consolidated*"],
        version: "STAR-Fusion on GTEx, Mar 2019", date: "2019-03", origin: "\(ctat)GTEx.starF.consolidated.Mar2019.tsv.recurrent.wTissueType.pct_class_n_count",
        licence: "GTEx open access; CTAT_HumanFusionLib"
    ) { context in
        let writer = try PairWriter(context, table: "normal_fusion")
        var tissues: [String] = []
        try TableFile.forEachRow(context.file, header: false) { f, number in
            if number == 1 {
                tissues = f.map { $0.replacingOccurrences(of: "GTEx-", with: "") }
                return
            }
            guard let (a, b) = SourceText.pair(f[0]) else { return }
            var total = 0
            var seen: [String] = []
            for i in 1..<f.count {
                guard let n = f[i].components(separatedBy: "n=").last.flatMap({ Int($0) }), f[i].contains("n=") else { continue }
                total += n
                seen.append("\(i < tissues.count ? tissues[i] : "column \(i)") (\(n))")
            }
            try writer.normal(a, b, row: number, count: total, tissue: seen.joined(separator: ", "), detail: "samples with the fusion per tissue")
        }
        return try writer.finish()
    }

    /// Illumina Human BodyMap 2.0 STAR-Fusion calls.
    static let bodyMap = OptionalSource(
        name: "Human BodyMap 2.0 fusions", category: "normal-tissue", fileNames: ["HbodyMap*"], version: "STAR-Fusion on BodyMap 2.0 (GRCh38 v27), Mar 2019",
        date: "2019-03", origin: "\(ctat)HbodyMap.GRCh38_v27.starF.Mar2019.tsv", licence: "public (ArrayExpress E-MTAB-513); CTAT_HumanFusionLib"
    ) { context in
        let writer = try PairWriter(context, table: "normal_fusion")
        try TableFile.forEachRow(context.file, header: true) { f, number in
            guard f.count >= 4, let (a, b) = SourceText.pair(f[1]) else { return }
            let reads = (Int(f[2]) ?? 0) + (Int(f[3]) ?? 0)
            let tissue = f[0].split(separator: "-").first.map(String.init) ?? f[0]
            try writer.normal(a, b, row: number, count: 1, tissue: tissue, detail: "sample \(f[0]); \(reads) supporting reads")
        }
        return try writer.finish()
    }

    /// Babiceanu et al. 2016: recurrent chimeric RNAs in normal tissues (`A--B` per line).
    static let babiceanu = OptionalSource(
        name: "Babiceanu normal-tissue chimeras", category: "normal-tissue", fileNames: ["Babiceanu_Normal.dat"], version: "2016", date: "2016",
        origin: "\(ctat)Babiceanu_Normal.dat (Babiceanu et al., Nucleic Acids Res 2016)", licence: "academic (publication supplement)"
    ) { context in
        let writer = try PairWriter(context, table: "normal_fusion")
        try SourceText.forEachLine(context.file) { line, number in
            guard let (a, b) = SourceText.pair(line.trimmingCharacters(in: .whitespaces)) else { return }
            try writer.normal(a, b, row: number, count: nil, tissue: nil, detail: "recurrent in normal tissues (GTEx)")
        }
        return try writer.finish()
    }

    /// Greger et al. 2014 Table S1: chimeric transcripts in normal tissue (`A->B type …`).
    static let greger = OptionalSource(
        name: "Greger normal-tissue chimeras", category: "normal-tissue", fileNames: ["Greger_Normal.txt"], version: "2014", date: "2014",
        origin: "\(ctat)Greger_Normal.txt (Greger et al., PLoS One 2014, Table S1)", licence: "academic (publication supplement)"
    ) { context in
        let writer = try PairWriter(context, table: "normal_fusion")
        try SourceText.forEachLine(context.file) { line, number in
            let tokens = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = tokens.first, first.contains("->"), let (a, b) = SourceText.pair(first) else { return }
            try writer.normal(a, b, row: number, count: nil, tissue: nil, detail: tokens.dropFirst().prefix(1).joined())
        }
        return try writer.finish()
    }

    /// ConjoinG conjoined genes (read-through pairs, 5′ gene first).
    static let conjoinG = OptionalSource(
        name: "ConjoinG read-through genes", category: "readthrough", fileNames: ["ConjoinG.txt"], version: "CTAT_HumanFusionLib @7872b07 snapshot",
        date: nil, origin: "\(ctat)ConjoinG.txt (ConjoinG, Prakash et al. 2010)", licence: "academic (ConjoinG)"
    ) { context in
        let writer = try PairWriter(context, table: "readthrough")
        try SourceText.forEachLine(context.file) { line, number in
            if line.hasPrefix("#") { return }
            let f = line.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 2, !f[0].isEmpty, !f[1].isEmpty else { return }
            try writer.readthrough(f[0], f[1], row: number, detail: nil)
        }
        return try writer.finish()
    }

    /// Duplicated Genes Database (Ensembl 71): paralog clusters of neighbouring duplicated genes.
    static let dgd = OptionalSource(
        name: "DGD paralog clusters", category: "paralogs", fileNames: ["dgd_Hsa_all_v71.tsv", "dgd_Hsa_all*"], version: "Ensembl 71", date: "2013",
        origin: "\(ctat)dgd_Hsa_all_v71.tsv (Duplicated Genes Database, Ouedraogo et al. 2012)", licence: "academic (DGD)"
    ) { context in
        let insert = try context.db.prepare("INSERT INTO paralog(cluster, gene_symbol, source_id, source_row) VALUES (?,?,?,?)")
        var rows = 0
        var unresolved: Set<String> = []
        try TableFile.forEachRow(context.file, header: true) { f, number in
            guard f.count >= 8, !f[1].isEmpty, !f[7].isEmpty else { return }
            let symbol = context.symbols.resolve(f[7])
            if symbol == nil { unresolved.insert(f[7]) }
            try insert.run([.text(f[1]), .text(symbol ?? f[7]), .int(context.sourceID), .int(number)])
            rows += 1
        }
        try context.noteUnresolved(unresolved)
        return rows
    }
}
