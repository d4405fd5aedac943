// The opening every Liaison HTML page shares (the report's webview and standalone file; the record
// view can take it too): doctype, the language, UTF-8, the page's Content-Security-Policy and
// the viewport. What follows (title, styles) is each page's own.
export function pageHead(language: 'zh' | 'en', contentSecurityPolicy: string): string {
  return `<!DOCTYPE html>
<html lang="${language === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">`;
}
