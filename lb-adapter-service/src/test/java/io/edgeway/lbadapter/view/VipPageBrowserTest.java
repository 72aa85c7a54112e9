package io.edgeway.lbadapter.view;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The VIP page in headless Chromium: an operator logs in, sees the VIPs of both devices, searches, drains a member
 * and sees its state change. Uses Debian's chromium and chromedriver (never downloads either), which CI installs
 * ({@code .ci/install-test-deps.sh}): without them this test fails rather than skips.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "edgeway.lb-adapter.viewer.password=" + AdapterClient.VIEWER_PASSWORD,
        "edgeway.lb-adapter.view.poll-interval=1h", "edgeway.lb-adapter.reconcile.enabled=false",
        "edgeway.lb-adapter.devices.f5.partitions=Common,Tenant1", "edgeway.lb-adapter.devices.ns.partitions=default,tenant1",
        // Members are drained only in pools the adapter mirrors.
        "edgeway.lb-adapter.mappings[0].application=static", "edgeway.lb-adapter.mappings[0].device=ns",
        "edgeway.lb-adapter.mappings[0].partition=default", "edgeway.lb-adapter.mappings[0].pool=static" })
// Its pollers and loop would otherwise keep calling the stopped emulators while later test classes run.
@DirtiesContext
class VipPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.demoF5();

    @RegisterExtension
    static final EmulatedDevice<NitroEmulator> NITRO_DEVICE = EmulatedDevice.demoNetscaler();

    private static final NitroEmulator NITRO = NITRO_DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    private WebDriver browser;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
        NITRO_DEVICE.register(properties);
    }

    @BeforeEach
    void startBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs " + CHROMIUM + " and " + CHROMEDRIVER + ": install the Debian packages "
                    + "chromium and chromium-driver (.ci/install-test-deps.sh does)");
        }
        // Both paths given, so Selenium Manager has nothing to look up or download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void operatorSeesBothDevicesSearchesAndDrainsAMember() {
        // Credentials in the URL answer the basic-auth challenge; the page's own calls reuse them.
        browser.get("http://" + AdapterClient.USER + ":" + AdapterClient.PASSWORD + "@127.0.0.1:" + port + "/");

        until(() -> vips().containsAll(List.of("f5/Common/legacy-app_vs", "f5/Tenant1/shop_vs",
                "ns/default/vs_static", "ns/tenant1/vs_shop")));
        assertThat(browser.findElement(By.id("operator")).getText()).contains(AdapterClient.USER);
        assertThat(browser.findElements(By.cssSelector("#devices li[data-device]")))
                .extracting(e -> e.getAttribute("data-device")).containsExactly("f5", "ns");

        browser.findElement(By.id("search")).sendKeys("10.30.1.12");
        until(() -> vips().equals(List.of("ns/default/vs_static")));

        String member = "li[data-member='ns/default/static/10.30.1.12:80']";
        // Open connections keep it draining (GOING OUT OF SERVICE) rather than out of service at once.
        NITRO.setConnections("default", "static", "10.30.1.12", 80, 3);
        assertThat(browser.findElement(By.cssSelector(member + " .state")).getText()).isEqualTo("ENABLED");
        assertThat(browser.findElement(By.cssSelector(member + " .ratio")).getText()).isEqualTo("ratio 1");
        browser.findElement(By.cssSelector(member + " button.drain")).click();

        until(() -> text(member + " .state").equals("DRAINING") && text(member + " button").equals("Enable"));
        assertThat(text(member + " .held")).contains(AdapterClient.USER);
        assertThat(NITRO.member("default", "static", "10.30.1.12", 80).orElseThrow().svrstate())
                .isEqualTo("GOING OUT OF SERVICE");
        assertThat(browser.findElement(By.id("message")).isDisplayed()).isFalse();
    }

    @Test
    void viewerSeesTheVipsAndNoButtons() {
        browser.get("http://" + AdapterClient.VIEWER + ":" + AdapterClient.VIEWER_PASSWORD + "@127.0.0.1:" + port + "/");

        until(() -> vips().contains("ns/default/vs_static")
                && !browser.findElements(By.cssSelector("li[data-member] .state")).isEmpty());
        assertThat(browser.findElement(By.id("operator")).getText()).isEqualTo("viewer: " + AdapterClient.VIEWER);
        assertThat(browser.findElements(By.cssSelector("li[data-member] button"))).isEmpty();
    }

    private List<String> vips() {
        return browser.findElements(By.cssSelector("#vips tbody tr")).stream()
                .map(row -> row.getAttribute("data-vip")).toList();
    }

    private String text(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private void until(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, DEADLINE).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }
}
