# Medians of the CKKS peer run's rounds (bench/peers/ckks/run.sh), as Markdown tables.
import glob, json, os, statistics, sys
res = sys.argv[1]
def load(pat):
    out = []
    for f in sorted(glob.glob(os.path.join(res, pat))):
        try:
            out.append(json.load(open(f)))
        except Exception as e:
            print(f"<!-- unreadable {os.path.basename(f)}: {e} -->")
    return out
fmt = lambda x: "-" if x is None else (f"{x:,.3f}" if x < 10 else f"{x:,.1f}")
for n in (8192, 16384):
    veil = {}
    for doc in load(f"r*-veil-{n}.json"):
        for b in doc:
            veil.setdefault(b["benchmark"].rsplit(".", 1)[1], []).append(b["primaryMetric"]["score"] / 1000)
    veil = {k: statistics.median(v) for k, v in veil.items()}
    peers, meta = {}, {}
    for key in ("seal", "sealhexl", "openfhe"):
        docs = load(f"r*-{key}-{n}.json")
        if docs:
            meta[key] = {k: v for k, v in docs[0].items() if k != "ms"}
            acc = {}
            for d in docs:
                for op, ms in d["ms"].items():
                    acc.setdefault(op, []).append(ms)
            peers[key] = {op: statistics.median(v) for op, v in acc.items()}
    names = [k for k in ("seal", "sealhexl", "openfhe") if k in peers]
    print(f"\n## CKKS N={n} (median of rounds, ms; x = peer / Veilgrid)\n")
    for k in names:
        print(f"- {k}: {meta[k]}")
    print("\n| op | Veilgrid | " + " | ".join(f"{k} | x" for k in names) + " |")
    print("|---|---:|" + "---:|---:|" * len(names))
    for op in sorted(set(veil) | {o for k in names for o in peers[k]}):
        v = veil.get(op)
        cells = [fmt(v)]
        for k in names:
            p = peers[k].get(op)
            cells += [fmt(p), "-" if p is None or v is None else f"{p / v:.2f}"]
        print(f"| {op} | " + " | ".join(cells) + " |")
