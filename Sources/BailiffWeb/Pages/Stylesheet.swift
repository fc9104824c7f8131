/// The one stylesheet, served at `/static/bailiff.css`: calm, readable for a full day, no
/// web fonts or remote content.
public enum Stylesheet {
    public static let css = """
        :root { --ink: #1d232b; --muted: #5b6570; --line: #d8dde3; --bg: #f7f8fa; --accent: #1f5f99; --warn: #9a3b00; --bad: #a11d2b; --ok: #22683a; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        header.top { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
        nav { display: flex; gap: 1rem; align-items: center; flex: 1; }
        nav .who { margin-left: auto; color: var(--muted); }
        main { max-width: 1200px; margin: 1rem auto; padding: 0 1.2rem; }
        footer { max-width: 1200px; margin: 2rem auto; padding: 0 1.2rem; color: var(--muted); font-size: 13px; }
        a { color: var(--accent); }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-weight: 600; color: var(--muted); font-size: 13px; }
        .flash { background: #e7f3ea; border: 1px solid #b9dcc3; padding: .5rem 1rem; max-width: 1200px; margin: .8rem auto; }
        .error { background: #fbe9eb; border: 1px solid #eab5bc; padding: .5rem 1rem; max-width: 1200px; margin: .8rem auto; }
        form.inline { display: inline; }
        form.filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: 1rem; }
        label { display: block; font-size: 13px; color: var(--muted); }
        input, select, textarea, button { font: inherit; }
        input[type=text], input[type=password], input[type=email], input[type=number], select, textarea { padding: .3rem .4rem; border: 1px solid var(--line); border-radius: 3px; background: #fff; }
        textarea { width: 100%; min-height: 5rem; }
        button { padding: .35rem .8rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 3px; cursor: pointer; }
        button.danger { background: var(--bad); border-color: var(--bad); }
        .actions { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1rem; }
        .actions form { background: #fff; border: 1px solid var(--line); padding: .8rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; background: #fff; padding: .8rem; border: 1px solid var(--line); }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        .status { display: inline-block; padding: 0 .4rem; border-radius: 3px; background: #e8ecf1; font-size: 13px; }
        .overdue { color: var(--bad); font-weight: 600; }
        pre.evidence { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid var(--line); padding: .6rem; max-height: 40rem; overflow: auto; font-size: 13px; }
        .withheld { background: #fff4e5; border: 1px solid #f0c989; padding: .6rem; }
        .pager { display: flex; gap: 1rem; margin: .8rem 0; }
        .muted { color: var(--muted); }
        svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
        .login { max-width: 22rem; background: #fff; border: 1px solid var(--line); padding: 1.2rem; }
        .login input { width: 100%; margin-bottom: .6rem; }
        """
}
