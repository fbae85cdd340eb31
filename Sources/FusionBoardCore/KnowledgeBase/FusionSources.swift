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
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
                guard trimmed.hasPrefix("|"), trimmed.hasSuffix("|"), trimmed.count > 1 else {
                    throw InputError(
                        file: context.file, line: number,
                        "expected a ChimerDB row '| 5′ gene | 3′ gene |'\(trimmed.hasPrefix("|") ? "; the row is cut short (no closing '|')" : ", found '\(trimmed.prefix(40))'")")
                }
                let f = SourceText.pipeFields(trimmed)
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
        var skipped = 0
        try SourceTable.forEachRow(
            context.file, kind: "a ChimerDB PubMed table", required: ["HgeneSymbol", "TgeneSymbol", "diseaseName", "pubmedIds"]
        ) { row in
            let a = row["HgeneSymbol"], b = row["TgeneSymbol"], disease = row["diseaseName"], ids = row["pubmedIds"]
            guard !a.isEmpty, !b.isEmpty else {
                skipped += 1
                return
            }
            guard ids.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ";" || $0 == " ") }) else {
                throw InputError(file: context.file, line: row.line, "pubmedIds '\(ids.prefix(40))' is not a list of PubMed ids; expected whole numbers separated by commas")
            }
            let pmids = try ids.split(whereSeparator: { !$0.isNumber }).map {
                try SourceLimits.int(String($0), 1...Int(Int32.max), what: "pubmedIds", expected: "a PubMed id", file: context.file, line: row.line)
            }
            let key = a + "\t" + b
            if entries[key] == nil {
                entries[key] = Entry(a: a, b: b, row: row.line, diseases: [], pmids: [])
                order.append(key)
            }
            if !disease.isEmpty && !entries[key]!.diseases.contains(disease) { entries[key]!.diseases.append(disease) }
            for pmid in pmids where !entries[key]!.pmids.contains(pmid) { entries[key]!.pmids.append(pmid) }
        }
        for key in order {
            let e = entries[key]!
            try writer.known(e.a, e.b, row: e.row, count: e.pmids.count, disease: e.diseases.joined(separator: "; "), pmids: e.pmids.sorted(), detail: nil)
        }
        return try writer.finish(extra: skipped > 0 ? "\(skipped) rows without two genes skipped" : nil)
    }

    /// COSMIC fusion list: `A-B  samples  mutations  papers`.
    static let cosmic = OptionalSource(
        name: "COSMIC fusions", category: "known-fusions", fileNames: ["cosmic_fusion_list.txt"], version: "CTAT_HumanFusionLib @7872b07 snapshot",
        date: nil, origin: "\(ctat)cosmic_fusion_list.txt (COSMIC curated fusions)", licence: "COSMIC terms of use"
    ) { context in
        let writer = try PairWriter(context, table: "known_fusion")
        var seen: [String: Int] = [:]
        try TableFile.forEachRow(context.file, header: false) { f, number in
            guard let first = f.first, !first.hasPrefix("#"), !first.isEmpty else { return }
            guard f.count == 4 else {
                throw InputError(
                    file: context.file, line: number,
                    "\(f.count) field\(f.count == 1 ? "" : "s") where COSMIC's fusion list has 4 (fusion, samples, mutations, papers); the row is cut short or holds a stray TAB — fix or remove it")
            }
            guard let (a, b) = SourceText.hyphenPair(first, symbols: context.symbols) else {
                throw InputError(file: context.file, line: number, "expected a fusion written GENE5-GENE3 in the first column, found '\(first)'")
            }
            if let earlier = seen[first] {
                throw InputError(file: context.file, line: number, "\(first) is listed again (first on line \(earlier)); each fusion is one row of the list — remove the repeat")
            }
            seen[first] = number
            let numbers = try zip(["samples", "mutations", "papers"], f[1...]).map { what, text in
                try SourceLimits.int(text, SourceLimits.count, what: what, expected: "a number of \(what)", file: context.file, line: number)
            }
            let samples: Int? = numbers[0]
            let detail = "samples=\(f[1]), mutations=\(f[2]), papers=\(f[3].trimmingCharacters(in: .whitespaces))"
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
        var seen: [String: Int] = [:]
        try TableFile.forEachRow(context.file, header: false) { f, number in
            guard let first = f.first, !first.hasPrefix("#"), !first.isEmpty else { return }
            guard let (a, b) = SourceText.pair(first) else {
                throw InputError(file: context.file, line: number, "expected GENE5--GENE3 in the first column, found '\(first)'")
            }
            guard f.count == 2 else {
                throw InputError(
                    file: context.file, line: number,
                    "\(f.count) field\(f.count == 1 ? "" : "s") where the Mitelman summary has 2 (GENE5--GENE3, DISEASE=cases,…); the row is cut short or holds a stray TAB — fix or remove it")
            }
            if let earlier = seen[first] {
                throw InputError(file: context.file, line: number, "\(first) is listed again (first on line \(earlier)); each fusion is one row of the summary — remove the repeat")
            }
            seen[first] = number
            let codes = f[1]
            var total = 0
            for code in codes.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = code.split(separator: "=", omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw InputError(file: context.file, line: number, "expected disease codes written CODE=cases separated by commas, found '\(code.prefix(40))'")
                }
                total += try SourceLimits.int(String(parts[1]), SourceLimits.count, what: "cases of \(parts[0])", expected: "a number of cases", file: context.file, line: number)
            }
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
        try SourceTable.forEachRow(context.file, kind: "a GTEx recurrent-fusion table", required: ["Fusion"], uniqueLines: true) { row in
            if tissues.isEmpty { tissues = row.columns.map { $0.replacingOccurrences(of: "GTEx-", with: "") } }
            let f = row.fields, number = row.line
            guard let (a, b) = SourceText.pair(f[row.index["Fusion"]!]) else {
                throw InputError(file: context.file, line: number, "expected a fusion written GENE5--GENE3 in the Fusion column, found '\(f[row.index["Fusion"]!].prefix(40))'")
            }
            var total = 0
            var seen: [String] = []
            for i in 0..<f.count where i != row.index["Fusion"] {
                // "0.000" (not seen) or "percent;n=samples".
                let parts = f[i].components(separatedBy: ";n=")
                guard parts.count <= 2, Double(parts[0]) != nil else {
                    throw InputError(file: context.file, line: number, "the \(i < tissues.count ? tissues[i] : "column \(i + 1)") field '\(f[i].prefix(40))' is not 'percent' or 'percent;n=samples'")
                }
                guard parts.count == 2 else { continue }
                let n = try SourceLimits.int(parts[1], SourceLimits.count, what: "n", expected: "a number of samples", file: context.file, line: number)
                total += n
                seen.append("\(i < tissues.count ? tissues[i] : "column \(i + 1)") (\(n))")
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
        try SourceTable.forEachRow(
            context.file, kind: "a STAR-Fusion table (Human BodyMap 2.0)", required: ["#sample", "#FusionName", "JunctionReadCount", "SpanningFragCount"], uniqueLines: true
        ) { row in
            guard let (a, b) = SourceText.pair(row["#FusionName"]) else {
                throw InputError(file: context.file, line: row.line, "expected a fusion written GENE5--GENE3 in #FusionName, found '\(row["#FusionName"].prefix(40))'")
            }
            let reads = try row.int("JunctionReadCount", SourceLimits.count, expected: "a read count")! + row.int("SpanningFragCount", SourceLimits.count, expected: "a read count")!
            let sample = row["#sample"]
            let tissue = sample.split(separator: "-").first.map(String.init) ?? sample
            try writer.normal(a, b, row: row.line, count: 1, tissue: tissue, detail: "sample \(sample); \(reads) supporting reads")
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
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { return }
            guard let (a, b) = SourceText.pair(text) else {
                throw InputError(file: context.file, line: number, "expected a pair written GENE5--GENE3, found '\(text.prefix(40))'")
            }
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
            guard let first = tokens.first, !first.hasPrefix("#") else { return }
            guard first.contains("->"), let (a, b) = SourceText.pair(first) else {
                throw InputError(file: context.file, line: number, "expected a chimera written GENE5->GENE3 followed by its class, found '\(line.prefix(40))'")
            }
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
            if line.trimmingCharacters(in: .whitespaces).isEmpty { return }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 2, !f[0].isEmpty, !f[1].isEmpty else {
                throw InputError(file: context.file, line: number, "expected two gene names (5′ gene TAB 3′ gene), found '\(line.prefix(60))'")
            }
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
        var skipped = 0
        try SourceTable.forEachRow(context.file, kind: "a DGD paralog table", required: ["group_id", "Name"], uniqueLines: true) { row in
            let cluster = row["group_id"], name = row["Name"]
            guard !cluster.isEmpty, !name.isEmpty else {
                skipped += 1
                return
            }
            // DGD numbers its clusters; the number is kept as text (the cluster's name).
            _ = try row.int("group_id", 1...Int(Int32.max), expected: "a DGD cluster number")
            let symbol = context.symbols.resolve(name)
            if symbol == nil { unresolved.insert(name) }
            try insert.run([.text(cluster), .text(symbol ?? name), .int(context.sourceID), .int(row.line)])
            rows += 1
        }
        try context.noteUnresolved(unresolved, extra: skipped > 0 ? "\(skipped) rows without a cluster or gene name skipped" : nil)
        return rows
    }
}
