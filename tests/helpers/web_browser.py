"""web_browser.py BASE_URL OUT_DIR USER PASSWORD NO_KK [OP_USER OP_PASSWORD
WORKBOOK [KABID_USER KABID_PASSWORD]] — the front desk in a real browser (Debian's chromium, headless,
driven by selenium through chromedriver): log in, check a family by No KK,
see each member's case, print the slip (the page in print media: the slip
alone, nothing of the screen's frame), note the visit and find it in the
visit log, log out. With an operator: log in, open the files, download
WORKBOOK (a path under the outbox: P/NAME) and compare it byte for byte.
With a Kabid: the month's figures and their two charts.
Screenshots (and the slip as PDF) go to OUT_DIR. Prints one line per step,
"ok ..." or "FAIL ...", and exits 1 when a step failed.
"""
import base64, os, sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import TimeoutException, WebDriverException


def gone(element):
    """A wait condition: element's page has gone. EC.staleness_of, but
    Chromium may say so with "Node with given id does not belong to the
    document" (a WebDriverException) instead of a stale reference."""
    def predicate(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return predicate

base, out, user, password, kk = sys.argv[1:6]
op = sys.argv[6:9] if len(sys.argv) >= 9 else None
kabid = sys.argv[9:11] if len(sys.argv) >= 11 else None
# A kelurahan (environment WB_KELURAHAN="USER:PASSWORD:FILE:NIK" and
# WB_AFTER_UPLOAD, a shell command: what the daemon would do, the import
# and usulan): uploads FILE, then finds NIK among its cases.
kel = os.environ.get("WB_KELURAHAN", "").split(":") if os.environ.get("WB_KELURAHAN") else None
# The SK approval chain (environment WB_SK="PERIOD:KABID:PW:SEKDIS:PW:KADIS:PW"
# and WB_AFTER_APPROVE, a shell command: the daemon carrying out the
# approval): each initials in turn, the Kadis approves, and after the
# daemon the page says the period is closed.
sk = os.environ.get("WB_SK", "").split(":") if os.environ.get("WB_SK") else None
os.makedirs(out, exist_ok=True)
failed = 0

def step(name, ok, detail=""):
    global failed
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    failed += 0 if ok else 1

opts = webdriver.ChromeOptions()
opts.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1100,900", "--disable-extensions", "--no-first-run"):
    opts.add_argument(a)
# A browser's first start on a fresh machine can fail (its profile being
# made): three tries, then the error.
for attempt in range(3):
    try:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        break
    except Exception as e:
        if attempt == 2:
            raise
        print("     (chromium did not start: %s; again)" % str(e).splitlines()[0])

def page(title):
    """Wait until the page whose h1 is title has loaded (a click does not
    wait for the navigation it starts). An error of the browser while the
    old page goes (its document torn down under the question) is asked
    again, not taken for the answer: only the 30 s running out is."""
    try:
        WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(
            EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), title))
        return True
    except TimeoutException:
        return False

try:
    driver.get(base + "/cek")
    page("Masuk")
    step("not logged in: the login page", driver.current_url.endswith("/masuk"), driver.current_url)
    driver.find_element(By.ID, "nama").send_keys(user)
    driver.find_element(By.ID, "sandi").send_keys(password)
    driver.find_element(By.ID, "masuk").click()
    step("logged in: the home page", page("Beranda"), driver.find_element(By.TAG_NAME, "h1").text)
    driver.find_element(By.LINK_TEXT, "Cek kepesertaan").click()
    page("Cek kepesertaan")
    driver.find_element(By.ID, "kk").send_keys(kk)
    driver.find_element(By.ID, "cari").click()
    step("the answer page", page("Hasil cek kepesertaan"), driver.find_element(By.TAG_NAME, "h1").text)
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in driver.find_elements(By.CSS_SELECTOR, "#hasil tbody tr")]
    print("     " + "\n     ".join("|".join(r[:3]) for r in rows))
    step("the family's answer: every member with a case", len(rows) == 3 and all(r[2] for r in rows), repr(rows))
    step("the list it was judged on is shown",
         driver.find_element(By.ID, "dasar").text.startswith("Dasar: daftar peserta BPJS periode 2026-11"),
         driver.find_element(By.ID, "dasar").text)
    driver.save_screenshot(os.path.join(out, "loket-cek.png"))
    # The slip: the page as printed.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    step("printed: the slip alone (no header bar, no visit form)",
         not driver.find_element(By.CSS_SELECTOR, "header.atas").is_displayed()
         and not driver.find_element(By.CSS_SELECTOR, "section.layar").is_displayed()
         and driver.find_element(By.ID, "slip").is_displayed())
    driver.save_screenshot(os.path.join(out, "loket-slip.png"))
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})
    data = base64.b64decode(pdf["data"])
    open(os.path.join(out, "loket-slip.pdf"), "wb").write(data)
    step("the slip printed to A4 (PDF)", data.startswith(b"%PDF") and len(data) > 1000, str(len(data)))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    # The visit, noted.
    driver.find_element(By.ID, "pengunjung").send_keys("Ibu Rahayu")
    driver.find_element(By.ID, "catatan").send_keys("minta cetak E-ID")
    driver.find_element(By.ID, "catat").click()
    page("Buku kunjungan")
    log = driver.find_element(By.ID, "kunjungan").text
    step("the visit is in the visit log", "Ibu Rahayu" in log and kk in log, log[:200])
    driver.find_element(By.XPATH, "//button[text()='Keluar']").click()
    step("logged out: the login page", page("Masuk") and driver.current_url.endswith("/masuk"),
         driver.current_url)
    driver.get(base + "/kunjungan")
    page("Masuk")
    step("after logout the visit log is closed", driver.current_url.endswith("/masuk"), driver.current_url)
    if op:
        import time
        dl = os.path.join(out, "unduhan")
        os.makedirs(dl, exist_ok=True)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": dl})
        driver.find_element(By.ID, "nama").send_keys(op[0])
        driver.find_element(By.ID, "sandi").send_keys(op[1])
        driver.find_element(By.ID, "masuk").click()
        page("Beranda")
        driver.find_element(By.LINK_TEXT, "Berkas").click()
        step("the operator's files", page("Berkas"), driver.find_element(By.TAG_NAME, "h1").text)
        name = os.path.basename(op[2])
        driver.save_screenshot(os.path.join(out, "operator-berkas.png"))
        driver.find_element(By.LINK_TEXT, name).click()
        got = os.path.join(dl, name)
        for _ in range(100):
            if os.path.exists(got) and not os.path.exists(got + ".crdownload"):
                break
            time.sleep(0.1)
        same = os.path.exists(got) and open(got, "rb").read() == open(op[2], "rb").read()
        step("the operator downloads " + name + ": the same bytes", same, got)
        driver.find_element(By.XPATH, "//button[text()='Keluar']").click()
        page("Masuk")
    if kabid:
        driver.find_element(By.ID, "nama").send_keys(kabid[0])
        driver.find_element(By.ID, "sandi").send_keys(kabid[1])
        driver.find_element(By.ID, "masuk").click()
        page("Beranda")
        driver.find_element(By.LINK_TEXT, "Angka bulan ini").click()
        ok = page("Angka bulan ini")
        charts = driver.find_elements(By.CSS_SELECTOR, "svg#grafik-flag rect, svg#grafik-kuota rect")
        step("the Kabid's month with its two charts", ok and len(charts) > 1, str(len(charts)))
        driver.save_screenshot(os.path.join(out, "kabid-bulan.png"))
        driver.find_element(By.XPATH, "//button[text()='Keluar']").click()
        page("Masuk")
    if kel:
        import subprocess
        driver.find_element(By.ID, "nama").send_keys(kel[0])
        driver.find_element(By.ID, "sandi").send_keys(kel[1])
        driver.find_element(By.ID, "masuk").click()
        page("Beranda")
        driver.find_element(By.LINK_TEXT, "Unggah berkas").click()
        page("Unggah berkas")
        driver.find_element(By.ID, "periode").send_keys("2026-12")
        driver.find_element(By.ID, "berkas").send_keys(kel[2])
        driver.find_element(By.ID, "unggah").click()
        step("the kelurahan's upload is taken", page("Berkas diterima"),
             driver.find_element(By.TAG_NAME, "h1").text)
        rc = subprocess.call(os.environ["WB_AFTER_UPLOAD"], shell=True)
        step("the daemon's part (import, usulan) ran", rc == 0, str(rc))
        driver.get(base + "/kelurahan?p=2026-12")
        page("Usulan kelurahan")
        text = driver.find_element(By.TAG_NAME, "main").text
        step("after the import the kelurahan sees its rows", kel[3] in text, text[:300])
        driver.save_screenshot(os.path.join(out, "kelurahan-usulan.png"))
        driver.find_element(By.XPATH, "//button[text()='Keluar']").click()
        page("Masuk")
    if sk:
        import subprocess
        period = sk[0]
        def login(u, pw):
            driver.find_element(By.ID, "nama").send_keys(u)
            driver.find_element(By.ID, "sandi").send_keys(pw)
            driver.find_element(By.ID, "masuk").click()
            page("Beranda")
        def status():
            return driver.find_element(By.ID, "status").text
        for (u, pw, want, shot) in ((sk[1], sk[2], "PARAF_KABID", "kabid-sk.png"),
                                    (sk[3], sk[4], "PARAF_SEKDIS", None),
                                    (sk[5], sk[6], "DISETUJUI", None)):
            login(u, pw)
            driver.find_element(By.LINK_TEXT, "Persetujuan SK").click()
            page("Persetujuan SK")
            if shot:
                driver.save_screenshot(os.path.join(out, shot))
            # The page after the click has the same h1 as the one before
            # it: wait for the old page to go first, then for the new one.
            button = driver.find_element(By.ID, "paraf")
            button.click()
            WebDriverWait(driver, 30).until(gone(button))
            page("Persetujuan SK")
            WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "status")))
            step(u + "'s step: " + want, status() == want, status())
            if want != "DISETUJUI":
                driver.find_element(By.XPATH, "//button[text()='Keluar']").click()
                page("Masuk")
        rc = subprocess.call(os.environ["WB_AFTER_APPROVE"], shell=True)
        step("the daemon carried out the approval", rc == 0, str(rc))
        driver.get(base + "/sk?p=" + period)
        page("Persetujuan SK")
        hist = driver.find_element(By.ID, "riwayat").text
        step("the period is closed as sk --final closes it", status() == "DITUTUP"
             and "DITUTUP" in hist and sk[5] in hist, status() + " / " + hist[-200:])
        driver.save_screenshot(os.path.join(out, "kadis-sk.png"))
finally:
    driver.quit()
sys.exit(1 if failed else 0)
