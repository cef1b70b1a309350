<?xml version="1.0" encoding="UTF-8"?>
<!-- report.xsl - the XML report (report.md section 3) as one self-contained
     HTML page for people: verdict, summary, every requirement with its
     checks, values and counterexamples, and what it is based on (the
     standard, its imports, the waivers, the settings and the evidence,
     with their hashes).
     No outside link, script or font: the page reads the same offline.
     accord check -f html applies it in-process (libxslt); any XSLT 1.0
     processor gives the same page. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="urn:x-accord:report:1"
    exclude-result-prefixes="r">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
              doctype-system="about:legacy-compat"/>

  <xsl:template match="/r:report">
    <html lang="en">
      <head>
        <meta charset="UTF-8"/>
        <title><xsl:value-of select="r:standard/@id"/>: <xsl:value-of select="r:summary/@verdict"/></title>
        <style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
.meta { color: #555; }
.verdict { display: inline-block; padding: 0.3em 0.8em; border-radius: 4px; font-weight: bold; font-size: 1.2em; color: #fff; }
.compliant { background: #2e7d32; } .non-compliant { background: #c62828; }
.incomplete, .inconclusive { background: #ef6c00; }
table { border-collapse: collapse; margin: 0.6em 0; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.req { border: 1px solid #ddd; border-left: 6px solid #999; border-radius: 4px; margin: 1em 0; padding: 0.5em 1em; }
.req.pass { border-left-color: #2e7d32; } .req.fail { border-left-color: #c62828; }
.req.error, .req.inconclusive { border-left-color: #ef6c00; } .req.waived { border-left-color: #6a1b9a; }
.result { font-weight: bold; text-transform: uppercase; font-size: 0.85em; }
.pass > .result, .check.pass .result { color: #2e7d32; } .fail > .result, .check.fail .result { color: #c62828; }
.check { margin: 0.5em 0 0.5em 1em; }
code, .hash { font-family: ui-monospace, monospace; font-size: 0.9em; }
.hash { word-break: break-all; }
.message { font-style: italic; } .errortext { color: #c62828; }
details.req > summary { cursor: pointer; }
.failed { border: 1px solid #e0b4b4; background: #fdf3f3; border-radius: 4px; padding: 0.5em 1em 0.5em 2em; }
.failed li { margin: 0.2em 0; }
.rounded { white-space: nowrap; }
        </style>
      </head>
      <body>
        <h1><xsl:value-of select="r:standard/@title"/></h1>
        <p class="meta">
          Standard <strong><xsl:value-of select="r:standard/@id"/></strong>
          version <xsl:value-of select="r:standard/@version"/>,
          published by <xsl:value-of select="r:standard/@publisher"/>
          <xsl:if test="r:standard/@profile">, profile <strong><xsl:value-of select="r:standard/@profile"/></strong></xsl:if>.
          Evidence <code><xsl:value-of select="r:run/@evidence-root"/></code>,
          evaluated as of <xsl:value-of select="r:run/@as-of"/> by
          <xsl:value-of select="r:tool/@name"/>&#160;<xsl:value-of select="r:tool/@version"/>.
        </p>
        <p><span class="verdict {r:summary/@verdict}"><xsl:value-of select="r:summary/@verdict"/></span></p>
        <!-- what needs attention first: the requirements that failed, erred
             or were inconclusive, then the recommendations not met -->
        <xsl:variable name="bad" select="r:requirement[@kind = 'requirement' and (@result = 'fail' or @result = 'error' or @result = 'inconclusive')]"/>
        <xsl:variable name="findings" select="r:requirement[@kind = 'recommendation' and (@result = 'fail' or @result = 'error' or @result = 'inconclusive')]"/>
        <xsl:if test="$bad | $findings">
          <h2>What failed</h2>
          <ul class="failed">
            <xsl:for-each select="$bad | $findings">
              <li><a href="#req-{@id}"><strong><xsl:value-of select="@id"/></strong></a>&#160;<xsl:value-of select="@title"/>:
                <span class="result"><xsl:value-of select="@result"/></span>
                <xsl:if test="@kind = 'recommendation'"> (a recommendation: a finding, not the verdict)</xsl:if>
                <xsl:for-each select="(r:check[@result != 'pass'])[1]">
                  <xsl:text> &#8212; </xsl:text>
                  <xsl:choose>
                    <xsl:when test="r:message"><xsl:value-of select="r:message"/></xsl:when>
                    <xsl:when test="r:error"><xsl:value-of select="r:error"/></xsl:when>
                    <xsl:otherwise><code><xsl:value-of select="@expr"/></code></xsl:otherwise>
                  </xsl:choose>
                  <xsl:if test="@label"> [<xsl:value-of select="@label"/>]</xsl:if>
                </xsl:for-each>
                <xsl:for-each select="r:error"> &#8212; <xsl:value-of select="."/></xsl:for-each>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <table>
          <tr><th>requirements</th><th>recommendations</th><th>pass</th><th>fail</th><th>error</th>
              <th>inconclusive</th><th>not applicable</th><th>waived</th><th>findings</th></tr>
          <tr>
            <xsl:for-each select="r:summary/@requirements | r:summary/@recommendations | r:summary/@pass
                                  | r:summary/@fail | r:summary/@error | r:summary/@inconclusive
                                  | r:summary/@not-applicable | r:summary/@waived | r:summary/@findings">
              <td><xsl:value-of select="."/></td>
            </xsl:for-each>
          </tr>
        </table>
        <h2>Requirements</h2>
        <p class="meta">Failed, erring and inconclusive requirements first, open; the
          others folded (click to open).</p>
        <xsl:apply-templates select="r:requirement[@kind = 'requirement' and (@result = 'fail' or @result = 'error' or @result = 'inconclusive')]"/>
        <xsl:apply-templates select="r:requirement[@kind = 'recommendation' and (@result = 'fail' or @result = 'error' or @result = 'inconclusive')]"/>
        <xsl:apply-templates select="r:requirement[not(@result = 'fail' or @result = 'error' or @result = 'inconclusive')]"/>
        <xsl:if test="r:diagnostic">
          <h2>Diagnostics</h2>
          <ul><xsl:for-each select="r:diagnostic"><li><xsl:value-of select="."/></li></xsl:for-each></ul>
        </xsl:if>
        <h2>What this report is based on</h2>
        <p>Anyone holding the same files can confirm that this report speaks of them
          (<code>accord verify</code> re-hashes them and re-runs the check).</p>
        <table>
          <tr><th>file</th><th>what</th><th>bytes</th><th>SHA-256</th></tr>
          <tr><td><code><xsl:value-of select="r:standard/@file"/></code></td><td>standard</td><td></td>
              <td class="hash"><xsl:value-of select="r:standard/@sha256"/></td></tr>
          <xsl:for-each select="r:standard/r:source">
            <tr><td><code><xsl:value-of select="@path"/></code></td><td>import</td>
                <td><xsl:value-of select="@bytes"/></td><td class="hash"><xsl:value-of select="@sha256"/></td></tr>
          </xsl:for-each>
          <xsl:for-each select="r:run/r:waivers">
            <tr><td><code><xsl:value-of select="@path"/></code></td><td>waivers</td>
                <td><xsl:value-of select="@bytes"/></td><td class="hash"><xsl:value-of select="@sha256"/></td></tr>
          </xsl:for-each>
        </table>
        <xsl:if test="r:run/r:set | r:run/r:option">
          <table>
            <tr><th>setting</th><th>value</th></tr>
            <xsl:for-each select="r:run/r:set">
              <tr><td><code>--set <xsl:value-of select="@name"/></code></td><td><xsl:value-of select="@value"/></td></tr>
            </xsl:for-each>
            <xsl:for-each select="r:run/r:option">
              <tr><td><code>--<xsl:value-of select="@name"/></code></td><td><xsl:value-of select="@value"/></td></tr>
            </xsl:for-each>
          </table>
        </xsl:if>
        <h3>Evidence</h3>
        <table>
          <tr><th>evidence</th><th>file</th><th>format</th><th>bytes</th><th>SHA-256</th></tr>
          <xsl:for-each select="r:evidence/r:file">
            <tr><td><xsl:value-of select="@evidence"/></td><td><code><xsl:value-of select="@path"/></code></td>
                <td><xsl:value-of select="@format"/></td><td><xsl:value-of select="@bytes"/></td>
                <td class="hash"><xsl:value-of select="@sha256"/></td></tr>
          </xsl:for-each>
        </table>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="r:requirement">
    <details class="req {@result}" id="req-{@id}">
      <xsl:if test="@result = 'fail' or @result = 'error' or @result = 'inconclusive'">
        <xsl:attribute name="open">open</xsl:attribute>
      </xsl:if>
      <summary>
      <span class="result"><xsl:value-of select="@result"/></span>&#160;
      <strong><xsl:value-of select="@id"/></strong>&#160;<xsl:value-of select="@title"/>
      <span class="meta"> (<xsl:value-of select="@kind"/>, <xsl:value-of select="@severity"/>, line <xsl:value-of select="@line"/>)</span>
      </summary>
      <xsl:for-each select="r:cites"><div class="meta">Cites: <xsl:value-of select="."/></div></xsl:for-each>
      <xsl:for-each select="r:rationale"><div class="meta">Rationale: <xsl:value-of select="."/></div></xsl:for-each>
      <xsl:for-each select="r:error"><div class="errortext"><xsl:value-of select="."/></div></xsl:for-each>
      <xsl:for-each select="r:waiver">
        <div>Waived by <xsl:value-of select="@approved-by"/> until <xsl:value-of select="@expires"/>
          (was <xsl:value-of select="@original-result"/>): <xsl:value-of select="."/></div>
      </xsl:for-each>
      <xsl:apply-templates select="r:check"/>
    </details>
  </xsl:template>

  <xsl:template match="r:check">
    <div class="check {@result}">
      <span class="result"><xsl:value-of select="@result"/></span>&#160;
      <code><xsl:value-of select="@expr"/></code>
      <xsl:if test="@label"> [<xsl:value-of select="@label"/>]</xsl:if>
      <span class="meta"> line <xsl:value-of select="@line"/></span>
      <xsl:if test="@confidence">
        <div class="meta"><xsl:choose>
            <xsl:when test="@interval-method = 'newcombe'">Newcombe interval of the difference</xsl:when>
            <xsl:when test="@interval-method = 'clopper-pearson'">Clopper-Pearson (exact) interval</xsl:when>
            <xsl:otherwise>Wilson interval</xsl:otherwise>
          </xsl:choose>
          <!-- rounded for reading; the exact values are in the XML report
               and in the title -->
          <span class="rounded" title="[{@interval-low}, {@interval-high}] at {@confidence}">
            [<xsl:value-of select="format-number(@interval-low * 100, '0.0#')"/>%,
            <xsl:value-of select="format-number(@interval-high * 100, '0.0#')"/>%]</span>
          at <xsl:value-of select="format-number(@confidence * 100, '0.##')"/>% confidence</div>
      </xsl:if>
      <xsl:for-each select="r:message"><div class="message"><xsl:value-of select="."/></div></xsl:for-each>
      <xsl:for-each select="r:error"><div class="errortext"><xsl:value-of select="."/></div></xsl:for-each>
      <xsl:if test="r:value">
        <table><xsl:for-each select="r:value"><tr><td><code><xsl:value-of select="@name"/></code></td><td><xsl:value-of select="@value"/><xsl:call-template name="percent"/><xsl:if test="@length"> &#8230; (<xsl:value-of select="@length"/> characters in all, SHA-256 <span class="hash"><xsl:value-of select="@sha256"/></span>)</xsl:if></td></tr></xsl:for-each></table>
      </xsl:if>
      <xsl:if test="@counterexamples">
        <div class="meta"><xsl:value-of select="@counterexamples"/> item<xsl:if test="@counterexamples != 1">s</xsl:if> failed<xsl:if test="@counterexamples &gt; count(r:counterexample)">; the first <xsl:value-of select="count(r:counterexample)"/> are shown</xsl:if>.</div>
      </xsl:if>
      <xsl:for-each select="r:counterexample">
        <div>Counterexample at <code><xsl:value-of select="@file"/>:<xsl:value-of select="@line"/></code>
          <xsl:if test="@path"> (<code><xsl:value-of select="@path"/></code>)</xsl:if>
          <table><xsl:for-each select="r:value"><tr><td><code><xsl:value-of select="@name"/></code></td><td><xsl:value-of select="@value"/><xsl:call-template name="percent"/><xsl:if test="@length"> &#8230; (<xsl:value-of select="@length"/> characters in all, SHA-256 <span class="hash"><xsl:value-of select="@sha256"/></span>)</xsl:if></td></tr></xsl:for-each></table>
        </div>
      </xsl:for-each>
    </div>
  </xsl:template>
  <!-- a rate K/N also as a percentage, rounded for reading; in a
       comparison with confidence, a plain number between 0 and 1 too (there
       it is a threshold or a confidence level, both proportions) -->
  <xsl:template name="percent">
    <xsl:if test="parent::r:check/@confidence and not(contains(@value, '/'))
                  and string(number(@value)) != 'NaN' and number(@value) &gt;= 0
                  and number(@value) &lt;= 1">
      <span class="meta"> (<xsl:value-of select="format-number(@value * 100, '0.##')"/>%)</span>
    </xsl:if>
    <xsl:variable name="k" select="substring-before(@value, '/')"/>
    <xsl:variable name="n" select="substring-after(@value, '/')"/>
    <xsl:if test="not(@length) and $k != '' and string(number($k)) != 'NaN'
                  and string(number($n)) != 'NaN' and number($n) &gt; 0">
      <span class="meta"> (<xsl:value-of select="format-number($k div $n * 100, '0.##')"/>%)</span>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
