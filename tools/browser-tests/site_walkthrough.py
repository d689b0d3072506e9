#!/usr/bin/env python3
"""Drives TrialDesk's pages in headless Chromium as a coordinator and a monitor would.

A coordinator screens a patient, records consent, enrolls and randomizes, enters the baseline and a
tumour assessment (watching the server compute the RECIST response while typing), enters an adverse
event and answers a query; a monitor raises and closes that query; a page is checked in Chinese.

Every page visited is saved under build/screenshots/. The run fails on any JavaScript console error
and on any HTTP response of 400 or more that the walk does not expect.

Environment: TRIALDESK_URL (http://127.0.0.1:PORT), TRIALDESK_PASSWORD, TRIALDESK_COORDINATOR,
TRIALDESK_MONITOR, SCREENSHOTS (folder), CHROMIUM (binary), CHROMEDRIVER (driver).
"""
import datetime
import json
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["TRIALDESK_URL"].rstrip("/")
PASSWORD = os.environ["TRIALDESK_PASSWORD"]
COORDINATOR = os.environ.get("TRIALDESK_COORDINATOR", "browser-coordinator")
MONITOR = os.environ.get("TRIALDESK_MONITOR", "browser-monitor")
STATISTICIAN = os.environ.get("TRIALDESK_STATISTICIAN", "browser-statistician")
SHOTS = os.environ.get("SCREENSHOTS", "build/screenshots")
TODAY = datetime.date.today()


class Walk:
    def __init__(self):
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600", "--lang=en-GB"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(60)
        self.wait = WebDriverWait(self.driver, 20)
        self.shot = 0
        self.problems = []
        # (path fragment, status) pairs the walk provokes on purpose.
        self.expected = set()
        os.makedirs(SHOTS, exist_ok=True)

    # -- checks -------------------------------------------------------------------------------

    def collect_logs(self, step):
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                self.problems.append(f"{step}: console error: {entry.get('message')}")
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") != "Network.responseReceived":
                continue
            response = message["params"]["response"]
            status, url = int(response.get("status", 0)), response.get("url", "")
            if status >= 400 and not any(fragment in url and status == code for fragment, code in self.expected):
                self.problems.append(f"{step}: HTTP {status} for {url}")

    def screenshot(self, name):
        self.shot += 1
        path = os.path.join(SHOTS, f"{self.shot:02d}-{name}.png")
        self.driver.save_screenshot(path)
        self.collect_logs(name)
        print(f"  page {self.shot:02d} {name}: {self.driver.current_url}")

    def require(self, condition, what):
        if not condition:
            self.screenshot("failure")
            raise AssertionError(what)

    # -- helpers ------------------------------------------------------------------------------

    def open(self, path, name):
        self.driver.get(BASE + path)
        self.wait.until(EC.presence_of_element_located((By.TAG_NAME, "main")))
        self.screenshot(name)

    def field(self, element_id):
        return self.wait.until(EC.presence_of_element_located((By.ID, element_id)))

    def type(self, element_id, text):
        element = self.field(element_id)
        element.clear()
        element.send_keys(text)

    def set_date(self, element_id, day):
        # Date inputs take keystrokes in the browser's locale; set the ISO value and announce it like typing does.
        element = self.field(element_id)
        self.driver.execute_script(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, day.isoformat())

    def choose(self, element_id, value):
        Select(self.field(element_id)).select_by_value(value)

    def click(self, element_id):
        element = self.field(element_id)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()

    def submit(self, element_id, name):
        self.click(element_id)
        self.wait.until(EC.presence_of_element_located((By.TAG_NAME, "main")))
        self.screenshot(name)

    def sign_in(self, username):
        self.driver.delete_all_cookies()
        self.open("/sign-in?lang=en", f"sign-in-{username}")
        self.type("username", username)
        self.type("password", PASSWORD)
        self.field("password").submit()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "nav.main-nav")))
        self.screenshot(f"home-{username}")

    def notice(self):
        notices = self.driver.find_elements(By.CSS_SELECTOR, "p.notice")
        return notices[0].text if notices else ""

    # -- the walk -----------------------------------------------------------------------------

    def coordinator_enrolls_and_records(self):
        self.sign_in(COORDINATOR)
        self.open("/screenings/new", "screening-checklist")
        self.set_date("screeningDate", TODAY)
        for name, value in [("age", "61"), ("metastaticLesionCount", "7"), ("ecog", "1"), ("plateletCount", "180"), ("inr", "1.0")]:
            self.type(f"f-values-{name}", value)
        self.choose("f-values-sex", "female")
        self.choose("f-values-primaryTumour", "lung")
        for criterion in ["I02", "I05", "I06", "I07", "I08", "I09", "I12"]:
            self.click(f"f-answers-{criterion}-yes")
        for criterion in ["E01", "E02", "E03", "E04", "E05", "E06"]:
            self.click(f"f-answers-{criterion}-no")
        self.submit("screen-submit", "screening-saved")
        self.require("status-eligible" in self.field("verdict").get_attribute("class"), "the screened patient is not eligible")

        self.type("consent-formVersion", "2.1")
        self.type("consent-obtainedBy", "Dr Li")
        self.submit("consent-submit", "consent-recorded")
        self.submit("enroll-submit", "enrolled-casebook")
        participant = self.driver.current_url.split("/participants/")[1].split("?")[0]

        self.click("randomize-link")
        self.wait.until(EC.presence_of_element_located((By.ID, "confirm")))
        self.screenshot("randomize-confirmation")
        self.require("6-7" in self.driver.page_source, "the confirmation does not restate the stratum")
        self.click("confirm")
        self.submit("randomize-submit", "randomized-casebook")
        arm = self.field("assigned-arm").text
        self.require(arm.strip() != "", "the assigned arm is not shown")
        print(f"  {participant} randomized to: {arm}")

        self.open(f"/participants/{participant}/forms/baseline/new", "baseline-new")
        self.set_date("f-assessmentDate", TODAY - datetime.timedelta(days=1))
        for name, value in [("ageYears", "61"), ("primaryTumourSite", "lung"), ("histology", "adenocarcinoma"),
                            ("priorLinesOfTherapy", "1"), ("ecog", "1")]:
            self.type(f"f-{name}", value)
        self.choose("f-sex", "female")
        self.choose("f-imagingModality", "ct")
        self.type("f-labs-0--value", "180")
        self.choose("f-labs-0--unit", "10^9/L")
        self.type("f-labs-1--value", "1.0")
        self.choose("f-labs-1--unit", "ratio")
        lesions = [("L1", "lung", "right upper lobe", "30", "target"), ("L2", "liver", "segment 6", "25", "target"),
                   ("L3", "bone", "T10 vertebra", "12", "nonTarget")]
        for row, (lesion, organ, location, size, role) in enumerate(lesions):
            self.type(f"f-lesions-{row}--id", lesion)
            self.type(f"f-lesions-{row}--organ", organ)
            self.type(f"f-lesions-{row}--location", location)
            self.type(f"f-lesions-{row}--sizeMm", size)
            self.click(f"f-lesions-{row}--measurable")
            self.choose(f"f-lesions-{row}--role", role)
            if role == "target":
                self.click(f"f-lesions-{row}--plannedForImplantation")
        self.submit("save", "baseline-saved")
        self.require(self.notice() != "", "the baseline was not saved: " + self.driver.find_element(By.TAG_NAME, "main").text[:500])

        self.open(f"/participants/{participant}/forms/tumourAssessment/new", "assessment-new")
        self.set_date("f-date", TODAY)
        self.choose("f-modality", "ct")
        self.choose("f-nonTargets-0--status", "present")
        self.type("f-targets-0--mm", "30")
        self.type("f-targets-1--mm", "8")
        # The server computes the response from the measurements as they are typed.
        WebDriverWait(self.driver, 20).until(lambda d: "PR" in d.find_element(By.ID, "live-response").text)
        self.screenshot("assessment-live-response")
        self.submit("save", "assessment-saved")
        self.require("PR" in self.field("computed-response").text, "the saved assessment shows no computed PR")

        self.open(f"/participants/{participant}/forms/adverseEvents/new", "adverse-event-new")
        self.type("f-term", "Pneumothorax")
        self.type("f-grade", "2")
        self.set_date("f-onsetDate", TODAY)
        self.choose("f-outcome", "recovering")
        self.submit("save", "adverse-event-saved")
        self.require(self.notice() != "", "the adverse event was not saved: " + self.driver.find_element(By.TAG_NAME, "main").text[:500])
        return participant

    def monitor_raises(self, participant):
        self.sign_in(MONITOR)
        self.open(f"/participants/{participant}", "monitor-casebook")
        self.type("raise-field", "consent.date")
        self.type("raise-text", "Please confirm the consent date against the signed form.")
        self.submit("raise-submit", "query-raised")

    def coordinator_answers(self, participant):
        self.sign_in(COORDINATOR)
        self.open(f"/queries?participant={participant}", "coordinator-queries")
        answer = self.driver.find_element(By.CSS_SELECTOR, "textarea[id^=answer-]")
        answer.send_keys("Checked against the signed form: the date is correct.")
        answer.find_element(By.XPATH, "./following-sibling::button").click()
        self.wait.until(EC.presence_of_element_located((By.TAG_NAME, "main")))
        self.screenshot("query-answered")

    def monitor_closes(self, participant):
        self.sign_in(MONITOR)
        self.open(f"/queries?status=answered&participant={participant}", "monitor-answered-queries")
        button = self.driver.find_element(By.CSS_SELECTOR, "form[action$='/close'] button")
        button.click()
        self.wait.until(EC.presence_of_element_located((By.TAG_NAME, "main")))
        self.screenshot("query-closed")
        self.open(f"/queries?status=closed&participant={participant}", "monitor-closed-queries")
        self.require("consent.date" in self.driver.page_source, "the closed query is not listed")

    def keyboard_and_tablet(self, participant):
        # Keyboard: the first Tab reaches the skip link, which moves focus to the page's content.
        self.open(f"/participants/{participant}", "casebook-keyboard")
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        active = self.driver.switch_to.active_element
        self.require(active.get_attribute("class") == "skip", "the first Tab does not reach the skip link")
        active.send_keys(Keys.ENTER)
        self.require(self.driver.switch_to.active_element.get_attribute("id") == "main", "the skip link does not move focus to the content")
        # A tablet in portrait: the filters and the casebook still fit and can be used.
        self.driver.set_window_size(820, 1180)
        self.open(f"/queries?participant={participant}", "queries-tablet")
        self.require(self.field("participant").is_displayed(), "the query filter is not usable at tablet width")
        self.open(f"/participants/{participant}", "casebook-tablet")
        self.driver.set_window_size(1280, 1600)

    @staticmethod
    def page_language(driver):
        # The switch posts the choice and the server redirects back: while the browser moves between the
        # two documents an element of the old one can vanish under the query; that is "not yet", not a failure.
        try:
            return driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
        except WebDriverException:
            return None

    def chinese(self, participant):
        self.open(f"/participants/{participant}", "casebook-english")
        self.click("language-switch")
        self.wait.until(lambda d: self.page_language(d) == "zh-Hans")
        self.screenshot("casebook-chinese")
        self.require("病例报告册" in self.driver.page_source, "the casebook is not in Chinese")
        self.open("/", "home-chinese")
        self.require("入组进度与目标" in self.driver.page_source, "the language choice is not remembered")
        # A rule's message, checked by the server while typing, is phrased in Chinese too.
        self.sign_in(COORDINATOR)
        self.open(f"/participants/{participant}/forms/followUp/new?lang=zh-Hans", "follow-up-chinese")
        future = TODAY + datetime.timedelta(days=30)
        self.choose("f-status", "alive")
        self.set_date("f-lastKnownAliveDate", future)
        self.set_date("f-date", future)
        WebDriverWait(self.driver, 20).until(lambda d: "晚于今天" in d.find_element(By.TAG_NAME, "main").text)
        self.screenshot("follow-up-error-chinese")
        self.require("is in the future" not in self.driver.find_element(By.TAG_NAME, "main").text,
                     "the date rule's message is shown in English on the Chinese page")

    def statistician_designs(self):
        # The design page from the navigation, this trial's design computed, then a fixed design in Chinese.
        self.sign_in(STATISTICIAN)
        self.driver.find_element(By.LINK_TEXT, "Trial design").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "design-hazardRatio")))
        self.screenshot("design")
        self.require("Boundaries" in self.driver.page_source, "the design page shows no boundaries table")
        self.type("design-hazardRatio", "0.7")
        self.type("design-informationFractions", "")
        self.type("design-futilityBounds", "")
        self.submit("design-submit", "design-fixed")
        self.require("Events required" in self.driver.page_source, "the design page shows no result")
        self.open("/design?lang=zh-Hans", "design-chinese")
        self.require("本试验的设计" in self.driver.page_source, "the design page is not in Chinese")

    def run(self):
        try:
            participant = self.coordinator_enrolls_and_records()
            self.monitor_raises(participant)
            self.coordinator_answers(participant)
            self.monitor_closes(participant)
            self.keyboard_and_tablet(participant)
            self.chinese(participant)
            self.statistician_designs()
        finally:
            try:
                self.collect_logs("end")
            finally:
                self.driver.quit()
        if self.problems:
            print("Problems:")
            for problem in self.problems:
                print("  " + problem)
            return 1
        print(f"Browser walk passed: {self.shot} pages, screenshots in {SHOTS}")
        return 0


if __name__ == "__main__":
    sys.exit(Walk().run())
