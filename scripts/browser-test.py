#!/usr/bin/env python3
"""The web desk in a real browser (Debian's chromium + chromedriver, through Selenium).

Usage: browser-test.py BASE_URL CREDENTIALS_FILE SCREENSHOT_DIR

CREDENTIALS_FILE is the output of `bailiff serve --demo` (the block it prints at start).
The test signs in as the demo admin with the TOTP code (computed here from the printed
secret, RFC 6238), works a phishing case from the queue to a suspension with a reason,
signs in to the customer portal with the one-time link and answers a case, sends the public
form an incomplete intellectual-property complaint (refused) and a hostile complaint whose
evidence the staff viewer must show inert (no script runs). Each main page is photographed
and checked for the elements it must show.
"""
import base64, hashlib, hmac, os, re, struct, sys, time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

base, credentials_file, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)
text = open(credentials_file, encoding="utf-8").read()
admin = re.search(r"admin\s+password (\S+)\s+role admin\s+TOTP secret (\S+)", text)
customer_link = re.search(r"Customer portal \(one-time link\): (\S+)", text).group(1)
password, secret = admin.group(1), admin.group(2)


def totp(secret_b32, at=None):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    step = int((at or time.time()) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


options = Options()
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600", "--disable-gpu"]:
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
browser.set_page_load_timeout(30)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    else:
        print("ok:  ", message)


def shot(name, required):
    """Screenshot a page and check the elements it must show (CSS selectors)."""
    path = os.path.join(shots, name + ".png")
    browser.save_screenshot(path)
    missing = [selector for selector in required if not browser.find_elements(By.CSS_SELECTOR, selector)]
    check(not missing and os.path.getsize(path) > 5_000, f"{name}: screenshot taken, shows {', '.join(required)}" + (f" (missing {missing})" if missing else ""))


def replaced(element):
    """A wait condition: `element` no longer belongs to the page. Selenium's staleness_of only
    knows the "stale element" error; Chromium may instead say the node "does not belong to the
    document" when the check falls in the middle of the navigation — the same fact."""
    def predicate(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return predicate


def submit(button):
    """Clicks a submit button and waits until the next page has replaced this one."""
    page = browser.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(browser, 20).until(replaced(page))


def wait_for(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    check(False, f"timed out waiting for {what}")
    return False


try:
    # Staff sign-in with the second factor.
    browser.get(base + "/login")
    shot("login", ["form.login", "#username", "#password"])
    browser.find_element(By.ID, "username").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(password)
    submit(browser.find_element(By.CSS_SELECTOR, "form.login button"))
    check(browser.current_url.endswith("/login/totp"), "password accepted, asked for the authenticator code")
    browser.find_element(By.ID, "code").send_keys(totp(secret))
    submit(browser.find_element(By.CSS_SELECTOR, "form.login button"))
    check(browser.current_url.endswith("/desk"), "signed in with the code, on the queue")

    # The queue fills as the server parses the demo complaints.
    wait_for(lambda: (browser.get(base + "/desk?category=phishing"), len(browser.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")) > 0)[1], 60, "phishing cases in the queue")
    shot("queue", ["form.filters", "table.queue tbody tr", "#total"])

    # Work the first phishing case to a suspension, with a reason.
    submit(browser.find_element(By.CSS_SELECTOR, "table.queue tbody tr a[href^='/desk/cases/']"))
    case_url = browser.current_url
    shot("case", ["#case-status", "#timeline", "#action-escalate", "dl.facts"])
    form = browser.find_element(By.ID, "action-escalate")
    form.find_element(By.NAME, "reason").send_keys("Phishing page confirmed live by staff; suspending per the ladder")
    form.find_element(By.CSS_SELECTOR, "button").click()
    time.sleep(1)
    # Without the ticked confirmation the browser does not send the form.
    check(browser.current_url == case_url and browser.find_element(By.ID, "case-status").text != "suspended",
          "escalating without ticking the confirmation does nothing")
    browser.get(case_url)
    form = browser.find_element(By.ID, "action-escalate")
    form.find_element(By.NAME, "reason").send_keys("Phishing page confirmed live by staff; suspending per the ladder")
    form.find_element(By.NAME, "confirm").click()
    submit(form.find_element(By.CSS_SELECTOR, "button"))
    status = browser.find_element(By.ID, "case-status").text
    check(status == "suspended", f"escalated case is suspended (status {status!r})")
    check("suspending per the ladder" in browser.find_element(By.ID, "timeline").text, "the reason is on the timeline")
    event_ip = browser.find_element(By.CSS_SELECTOR, "table tbody tr td:nth-child(2)").text
    for page, required in [("dashboard", ["figure svg", "#due"]), ("triage", ["table"]), ("audit", ["#audit-state"]), ("policy", ["table"])]:
        browser.get(base + "/desk/" + page)
        shot(page, required)
        if page == "audit":
            check("verifies" in browser.find_element(By.ID, "audit-state").text, "the audit chain verifies after the staff actions")

    # A hostile complaint through the public form; its evidence must stay inert for staff.
    browser.get(base + "/report")
    shot("report", ["#report-form", "#r-category", "#r-prior"])
    hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> phishing kit at http://" + event_ip + "/"
    browser.find_element(By.CSS_SELECTOR, "#r-category option[value='phishing']").click()
    browser.find_element(By.ID, "r-email").send_keys("reporter@example.org")
    browser.find_element(By.ID, "r-target").send_keys(event_ip)
    browser.find_element(By.ID, "r-description").send_keys(hostile)
    submit(browser.find_element(By.CSS_SELECTOR, "#report-form button"))
    check(bool(browser.find_elements(By.ID, "reference")), "the form acknowledges with a reference")

    def hostile_evidence_listed():
        browser.get(case_url)
        return len(browser.find_elements(By.CSS_SELECTOR, "a[href^='/desk/evidence/']")) >= 2
    if wait_for(hostile_evidence_listed, 30, "the form's report on the case"):
        links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a[href^='/desk/evidence/']")]
        seen_script = False
        for link in links:
            browser.get(link)
            check(browser.execute_script("return typeof window.__pwned") == "undefined", f"no script ran in the evidence viewer ({link.rsplit('/', 1)[-1][:12]})")
            seen_script = seen_script or "<script>window.__pwned" in browser.find_element(By.TAG_NAME, "body").text
        check(seen_script, "the hostile markup is shown as text")
        shot("evidence", ["table.headers", "pre.evidence"])

    # Incomplete intellectual-property complaint: refused, naming what is missing.
    browser.get(base + "/report")
    browser.find_element(By.CSS_SELECTOR, "#r-category option[value='ip-infringement']").click()
    browser.find_element(By.ID, "r-email").send_keys("rights@example.org")
    browser.find_element(By.ID, "r-target").send_keys(event_ip)
    browser.find_element(By.ID, "r-description").send_keys("Our film is offered for download on this server.")
    submit(browser.find_element(By.CSS_SELECTOR, "#report-form button"))
    problems = browser.find_element(By.ID, "problems").text if browser.find_elements(By.ID, "problems") else ""
    check("contact the infringing party" in problems and "proof" in problems and not browser.find_elements(By.ID, "reference"),
          "an incomplete intellectual-property complaint is refused, naming what is missing")

    # Sign out; the customer signs in with the one-time link and answers.
    submit(browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
    browser.get(customer_link)
    submit(browser.find_element(By.CSS_SELECTOR, "main form button"))
    check(browser.current_url.endswith("/portal"), "the customer's link signs in to the portal")
    shot("portal", ["#cases", "#standing"])
    submit(browser.find_element(By.CSS_SELECTOR, "#cases a[href^='/portal/cases/']"))
    shot("portal-case", ["#case-status", "#notice", "#answer", "#history"])
    reporters = re.findall(r"[\w.-]+@(?:mailbox-provider|university|isp|bank|av-vendor)\.example", browser.find_element(By.TAG_NAME, "body").text)
    check(not reporters, f"the customer does not see the reporters' addresses {reporters}")
    browser.find_element(By.ID, "answer-text").send_keys("We removed the compromised WordPress plugin and changed all passwords.")
    submit(browser.find_element(By.CSS_SELECTOR, "#answer button"))
    check("removed the compromised WordPress plugin" in browser.find_element(By.ID, "history").text, "the customer's answer is on the case")
    document = os.path.join(shots, "opt-in-records.csv")
    with open(document, "w", encoding="utf-8") as handle:
        handle.write("address,opted_in_at,ip\nalice@example.org,2026-01-02T10:00:00Z,192.0.2.44\n")
    browser.find_element(By.ID, "upload-file").send_keys(document)
    browser.find_element(By.ID, "upload-note").send_keys("opt-in records of the complaining recipient")
    submit(browser.find_element(By.CSS_SELECTOR, "#upload button"))
    check("uploaded opt-in-records.csv" in browser.find_element(By.ID, "history").text, "the customer's document is on the case")
    browser.get(base + "/desk")
    check(browser.current_url.endswith("/desk") and "Not found" in browser.title, "the desk does not exist for a customer (404)")
    browser.get(customer_link)
    submit(browser.find_element(By.CSS_SELECTOR, "main form button"))
    check("used already" in browser.find_element(By.TAG_NAME, "body").text, "a sign-in link works once")
finally:
    browser.quit()

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
