#!/usr/bin/env bash
# The web layer holds no rule (docs/layers.md): this script fails when TrialServer grows one of the patterns
# that once put a rule there. Each check names what to use instead. Run from the repository root; .ci/run
# runs it, and so does the test suite (WebLayerGuardTests).
set -u
cd "$(dirname "$0")/.."
server=Sources/TrialServer
failed=0

# check NAME PATTERN WHAT-INSTEAD [files to leave out, as grep -v patterns]
check() {
    local name="$1" pattern="$2" instead="$3"
    shift 3
    local hits
    hits=$(grep -rnE --include='*.swift' "$pattern" "$server" || true)
    for allowed in "$@"; do
        hits=$(printf '%s\n' "$hits" | grep -v -- "$allowed" || true)
    done
    hits=$(printf '%s\n' "$hits" | sed '/^$/d')
    if [ -n "$hits" ]; then
        echo "web layer: $name; $instead"
        printf '%s\n' "$hits" | sed 's/^/    /'
        failed=1
    fi
}

# Database reads belong to the store's services, with the site scope applied there. The session sweep reads
# the web layer's own session table; the app file configures Fluent.
check "an inline database query" '\.query\(on:|[A-Z][A-Za-z]*Record\.find\(|\.filter\(\\\.\$' \
    "read through SiteScopedRecords or a TrialStore service" \
    "$server/App/BackgroundWork.swift"
check "a site filter" 'covers\(siteCode|if let [a-z]+ = [A-Za-z.]*scope\.siteCode' \
    "ask SiteScopedRecords (requireSite, the lists) or SiteScope in TrialCore"
# ServerSettings.clock is the one clock, set once where the server starts.
check "the clock" 'Date\(\)|Date\.now|Calendar\.current|TimeZone\.current' \
    "take the store's injectable clock (req.store.now(), CaseReportService.today)" \
    "$server/App/ServerSettings.swift"
check "a hand-built page path" '"/(participants|screenings|queries|audit|admin|report|safety|account|sign-in|sign-out|language)([/?"]|\\\()' \
    "build it from SiteURL" \
    "$server/Pages/SiteURL.swift"
check "a notice named by a string" 'notice: "' "use PageNotice"
check "a number typed as a bound" '(min|max): [0-9]|range: [0-9]+\.\.\.|\(([0-9]+)\.\.\.[0-9]+\)' \
    "name the bound once in TrialCore (BaselineForm.plausibleAge, QlqC30Answers.fourPointScale, InputLimits)" \
    "$server/OpenAPI/CaseReportFormExamples.swift"
check "an invented ID" '\?\? UUID\(\)' "use requireID(): a stored record without an ID is a defect to report"
check "a role read as another" '\?\? \.(monitor|coordinator|investigator|statistician|administrator)\b' \
    "refuse an unknown role with a clear error"
check "a page frame field in a page model" 'var page: PageController\.PageChrome' \
    "render through req.renderPage, which adds the PageFrame" \
    "$server/Pages/PageFrame.swift"
check "a yes/no answer read without its rule" '== "yes" \?|!= "yes"' "use CriterionAnswer(yesOrNo:)"

# The templates link through the page model (SiteURL) and take their input bounds from the rules.
views="$server/Resources/Views"
hits=$(grep -noE '(href|action)="/[^"]*"' "$views"/*.leaf | grep -v '/trialdesk.css"' || true)
if [ -n "$hits" ]; then
    echo "web layer: a hand-built path in a template; give the page model a SiteURL path"
    printf '%s\n' "$hits" | sed 's/^/    /'
    failed=1
fi
hits=$(grep -noE '(minlength|maxlength|min|max)="[0-9]+"' "$views"/*.leaf || true)
if [ -n "$hits" ]; then
    echo "web layer: a number typed as a bound in a template; use page.limits (from TrialCore)"
    printf '%s\n' "$hits" | sed 's/^/    /'
    failed=1
fi

if [ "$failed" -ne 0 ]; then
    echo "web layer check failed: see docs/layers.md"
    exit 1
fi
echo "web layer check: no rule, bound, clock, query or site filter in $server"
