import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { REPORT_CSS, inlineScript, jsonForScript, reportPageHtml, reportTitle, standaloneReportHtml } from '../../../src/render/reportPage';
import { REPORT_DATA_ID } from '../../../src/webview/reportProtocol';
import { sampleReport } from './reportFixture';

const SCRIPT = 'window.__liaisonReportMarker = 1; const s = "</script><b>"; // </SCRIPT>\n//# sourceMappingURL=reportView.js.map\n';

/** The text of the data script, exactly as the browser would hand it to JSON.parse. */
function dataOf(html: string): string {
  const match = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([\\s\\S]*?)</script>`).exec(html);
  assert.ok(match, 'the page has the data script');
  return match[1];
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('standaloneReportHtml', () => {
  it('carries the report as JSON that parses back to the same report', () => {
    const report = sampleReport();
    assert.deepEqual(JSON.parse(dataOf(standaloneReportHtml(report, SCRIPT))), report);
  });

  it('keeps titles and comments with markup, </script>, <!-- and line separators inside the data', () => {
    const title = '</script><script>alert(1)</script> <!-- & "quotes" \u2028 é 中文';
    const report = sampleReport({
      overdue: [{ ...sampleReport().overdue[0], title }],
      satisfaction: {
        ...sampleReport().satisfaction,
        entries: [{ ...sampleReport().satisfaction.entries[0], comment: `${title}</SCRIPT >` }],
      },
    });
    const html = standaloneReportHtml(report, SCRIPT);
    const data = dataOf(html);
    assert.ok(
      !/<\/script/i.test(data) && !data.includes('<!--') && !data.includes('\u2028'),
      'nothing in the data can end or confuse the script element',
    );
    assert.deepEqual(JSON.parse(data), report);
    // Two script elements, so exactly two end tags: the data's and the view's.
    assert.equal(html.match(/<\/script/gi)?.length, 2);
    assert.ok(!html.includes('alert(1)</script>'));
  });

  it('inlines the view script once, with </script> escaped and no dangling source map', () => {
    const html = standaloneReportHtml(sampleReport(), SCRIPT);
    assert.equal(count(html, 'window.__liaisonReportMarker = 1'), 1);
    assert.ok(html.includes('"<\\/script><b>"'), 'the string keeps its value: <\\/script> is </script> to JavaScript');
    assert.ok(!html.includes('sourceMappingURL'));
    assert.equal(count(html, '<script'), 2, 'no external script is referenced');
    assert.ok(!/\ssrc=/.test(html), 'nothing is fetched');
  });

  it('allows exactly its own script and style by hash in its Content-Security-Policy', () => {
    const html = standaloneReportHtml(sampleReport(), SCRIPT);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    const script = inlineScript(SCRIPT);
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
    assert.ok(html.includes(`<script>${script}</script>`));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    assert.ok(
      style.includes(REPORT_CSS) && style.includes('prefers-color-scheme: dark'),
      'light defaults, a dark variant, then the shared layout',
    );
    assert.ok(csp.includes(`style-src 'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`), csp);
  });

  it('titles the page in the report language, escaped', () => {
    assert.match(standaloneReportHtml(sampleReport(), SCRIPT), /<title>沟通效率月度报告 2026-10<\/title>/);
    assert.match(
      standaloneReportHtml(sampleReport({ language: 'en', month: '<b>' }), SCRIPT),
      /<title>Communication report &lt;b&gt;<\/title>/,
    );
    assert.match(standaloneReportHtml(sampleReport({ language: 'en' }), SCRIPT), /<html lang="en">/);
  });
});

describe('jsonForScript', () => {
  it('round-trips every character JSON.parse can see', () => {
    const value = { text: '<>&\u2028\u2029</script><!--', list: [1, null, 'x'] };
    const json = jsonForScript(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(json));
    assert.deepEqual(JSON.parse(json), value);
  });
});

describe('reportPageHtml', () => {
  it('gives the webview a strict CSP: nothing but its nonce-d script and style', () => {
    const html = reportPageHtml({
      cspSource: 'https://webview.example',
      nonce: 'abc123',
      scriptUri: 'https://webview.example/media/dist/reportView.js?a=1&b=2',
      language: 'en',
      month: '2026-10',
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-abc123';/);
    assert.match(csp, /style-src https:\/\/webview\.example 'nonce-abc123';/);
    assert.ok(html.includes('<script nonce="abc123" src="https://webview.example/media/dist/reportView.js?a=1&amp;b=2"></script>'));
    assert.ok(html.includes('<style nonce="abc123">'));
    assert.ok(html.includes(`<title>${reportTitle('en', '2026-10')}</title>`));
    assert.ok(!html.includes(REPORT_DATA_ID), 'the webview gets its data by message');
  });
});
