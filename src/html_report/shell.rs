//! The page around the answers: one self-contained HTML document with its
//! CSS (CJK font stack, right-aligned numbers, A4 landscape print) and a few
//! lines of script (sort by a column, filter rows). Answers off screen are
//! not laid out until scrolled to (`content-visibility`): a page of 200
//! unit-years opened in half the time. Nothing is loaded from
//! anywhere: the Content-Security-Policy forbids it, and without scripts
//! the page reads the same, unsorted.

use super::escape;

const STYLE: &str = r#"
:root{color-scheme:light;--line:#d0d4da;--head:#f2f4f7;--ink:#1d2430;--muted:#5b6472;--accent:#1f5fa8;--bad:#b3261e}
*{box-sizing:border-box}
body{margin:0;padding:16px 24px 48px;color:var(--ink);background:#fff;line-height:1.5;
font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans SC",system-ui,sans-serif;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;padding-top:8px;border-top:3px solid var(--accent)}
h3{font-size:16px;margin:20px 0 4px}
.meta,.cap,.cli,.empty{color:var(--muted);margin:2px 0}
.cli code{font-family:ui-monospace,"Noto Sans Mono CJK SC",monospace;font-size:12px;overflow-wrap:anywhere}
nav ul{padding-left:20px;columns:2 320px;margin:4px 0}
.scroll{overflow-x:auto;max-width:100%;border:1px solid var(--line);margin:6px 0}
table.data{border-collapse:collapse;font-size:13px;min-width:100%}
table.data th,table.data td{border-bottom:1px solid var(--line);padding:3px 8px;vertical-align:top;text-align:left}
table.data thead th{background:var(--head);position:sticky;top:0;white-space:nowrap;cursor:pointer}
table.data thead th[aria-sort=ascending]::after{content:" ▲"}table.data thead th[aria-sort=descending]::after{content:" ▼"}
table.data td.n,table.data th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.data tr.sec th{background:#fafbfc;text-align:left;font-weight:600}
table.data td{max-width:40em;overflow-wrap:break-word}table.data td:not(.n){min-width:9em}
.filter{margin:6px 0 0;padding:4px 8px;width:min(320px,100%);font:inherit}
figure.chart{margin:8px 0;overflow-x:auto}figure.chart svg{max-width:100%;height:auto}
.notes{color:var(--muted);font-size:13px}
.errors h3{color:var(--bad)}
section.q{content-visibility:auto;contain-intrinsic-size:auto 600px}
@media (max-width:600px){body{padding:8px 10px 32px;font-size:13px}table.data{font-size:12px}h2{font-size:17px}}
@page{size:A4 landscape;margin:10mm}
@media print{body{padding:0;font-size:10pt}section.q{content-visibility:visible}.filter,nav{display:none}section.unit{break-before:page}
.scroll{overflow:visible;border:0}table.data{font-size:8pt}table.data thead th{position:static}
tr{break-inside:avoid}figure.chart{break-inside:avoid}a{color:inherit;text-decoration:none}}
"#;

/// Sort any data table by a header (numbers by their exact `data-v`, text
/// by Chinese collation, blanks last) and filter its rows by a search box
/// the script adds (so there is no dead box when scripts are off).
const SCRIPT: &str = r#"
(function(){
function key(c){if(!c)return null;var v=c.getAttribute('data-v');if(v!==null){return v===''?null:parseFloat(v);}return c.textContent;}
function sort(t,i,th){var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
Array.prototype.forEach.call(th.parentNode.cells,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir>0?'ascending':'descending');
var body=t.tBodies[0],rows=Array.prototype.filter.call(body.rows,function(r){return !r.classList.contains('sec');});
rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);if(x===y)return 0;if(x===null)return 1;if(y===null)return -1;
if(typeof x==='number'&&typeof y==='number')return (x-y)*dir;return String(x).localeCompare(String(y),'zh')*dir;});
rows.forEach(function(r){body.appendChild(r);});}
Array.prototype.forEach.call(document.querySelectorAll('table.data'),function(t){
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.tabIndex=0;th.title='点击排序 (click to sort)';
th.addEventListener('click',function(){sort(t,i,th);});
th.addEventListener('keydown',function(e){if(e.key==='Enter'){sort(t,i,th);}});});
var box=document.createElement('input');box.type='search';box.className='filter';box.placeholder='筛选 (filter rows)';
box.setAttribute('aria-label','筛选 (filter rows)');
box.addEventListener('input',function(){var q=box.value.trim().toLowerCase();
Array.prototype.forEach.call(t.tBodies[0].rows,function(r){r.hidden=q!==''&&!r.classList.contains('sec')&&r.textContent.toLowerCase().indexOf(q)<0;});});
var wrap=t.parentNode;wrap.parentNode.insertBefore(box,wrap);});
})();
"#;

/// The whole document around `body` (already HTML), with `title` escaped.
pub fn page(title: &str, meta: &str, nav: &[(String, String)], body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + SCRIPT.len() + 4096);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    out.push_str("<meta name=\"generator\" content=\"yusuan ");
    out.push_str(env!("CARGO_PKG_VERSION"));
    out.push_str("\">\n<title>");
    escape::push(&mut out, title);
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header><h1>");
    escape::push(&mut out, title);
    out.push_str("</h1>\n<p class=\"meta\">");
    escape::push(&mut out, meta);
    out.push_str("</p>\n");
    if nav.len() > 1 {
        out.push_str("<nav><ul>");
        for (id, label) in nav {
            out.push_str("<li><a href=\"#");
            escape::push(&mut out, id);
            out.push_str("\">");
            escape::push(&mut out, label);
            out.push_str("</a></li>");
        }
        out.push_str("</ul></nav>\n");
    }
    out.push_str("</header>\n<main>\n");
    out.push_str(body);
    out.push_str("</main>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}
