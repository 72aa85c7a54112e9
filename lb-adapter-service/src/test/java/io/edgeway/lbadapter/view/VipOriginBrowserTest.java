package io.edgeway.lbadapter.view;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.lb.rules.Persistence;
import io.edgeway.lb.rules.VipProtocol;
import io.edgeway.lbadapter.config.LoadBalancers;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import io.edgeway.lbadapter.vip.DesiredVip;
import io.edgeway.lbadapter.vip.VipDevice;
import io.edgeway.lbadapter.vip.VipKey;
import io.edgeway.lbadapter.vip.VipSpec;
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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The VIP page in headless Chromium says where each VIP comes from, as a restarted adapter reads it off the device:
 * declared and by which config commit (from the ownership mark, not from the commit the adapter runs now), declared
 * with a mark of before marks named the commit, made by hand, or no longer declared and being removed. The reconcile
 * loop is off, so the VIPs stay as the test wrote them. Uses Debian's chromium and chromedriver, as
 * {@link VipPageBrowserTest} does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "config.client.version=" + VipOriginBrowserTest.RUNNING_COMMIT,
        "edgeway.lb-adapter.view.poll-interval=1h", "edgeway.lb-adapter.reconcile.enabled=false",
        "edgeway.lb-adapter.devices.f5.partitions=Common,Tenant1",
        "edgeway.lb-adapter.devices.f5.member-networks=127.0.0.0/8",
        "edgeway.lb-adapter.devices.f5.vip-networks=10.40.0.0/16",
        "edgeway.lb-adapter.vips[0].name=shop", "edgeway.lb-adapter.vips[0].address=10.40.0.10",
        "edgeway.lb-adapter.vips[0].port=80", "edgeway.lb-adapter.vips[0].application=sample-backend",
        "edgeway.lb-adapter.vips[1].name=cart", "edgeway.lb-adapter.vips[1].address=10.40.0.11",
        "edgeway.lb-adapter.vips[1].port=80", "edgeway.lb-adapter.vips[1].application=sample-backend" })
@DirtiesContext
class VipOriginBrowserTest {

    static final String RUNNING_COMMIT = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static final String SHOP_COMMIT = "c0ffee0123456789abcdef0123456789abcdef01";

    private static final String GONE_COMMIT = "dead0000beef0000dead0000beef0000dead0000";

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.demoF5();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private LoadBalancers loadBalancers;

    @Autowired
    private VipView view;

    private WebDriver browser;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
    }

    @BeforeEach
    void startBrowser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The browser test needs " + CHROMIUM + " and " + CHROMEDRIVER + ": install the Debian packages "
                    + "chromium and chromium-driver (.ci/install-test-deps.sh does)");
        }
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
    void pageSaysWhichVipsAreDeclaredByWhichCommitAndWhichWereMadeByHand() {
        VipDevice f5 = (VipDevice) loadBalancers.byName().get("f5");
        f5.createVip(vip("shop", "10.40.0.10", SHOP_COMMIT));
        // Marked without a commit, as the adapter marked VIPs before marks named one.
        f5.createVip(vip("cart", "10.40.0.11", null));
        f5.createVip(vip("gone", "10.40.0.12", GONE_COMMIT));
        view.refresh("f5");

        browser.get("http://" + AdapterClient.USER + ":" + AdapterClient.PASSWORD + "@127.0.0.1:" + port + "/");

        until(() -> vips().containsAll(List.of("f5/Common/shop", "f5/Common/cart", "f5/Common/gone",
                "f5/Common/legacy-app_vs")));
        assertThat(origin("f5/Common/shop")).isEqualTo("declared by c0ffee0");
        assertThat(browser.findElement(By.cssSelector("tr[data-vip='f5/Common/shop'] .origin .commit"))
                .getAttribute("title")).isEqualTo(SHOP_COMMIT);
        assertThat(origin("f5/Common/cart")).isEqualTo("declared by an earlier commit (not recorded)");
        assertThat(origin("f5/Common/gone")).isEqualTo("no longer declared: being removed (was dead000)");
        assertThat(origin("f5/Common/legacy-app_vs")).isEqualTo("made by hand");
        assertThat(origin("f5/Tenant1/shop_vs")).isEqualTo("made by hand");
        assertThat(browser.getPageSource()).doesNotContain(RUNNING_COMMIT.substring(0, 7));
    }

    private static DesiredVip vip(String name, String address, String commit) {
        return new DesiredVip(new VipKey("f5", "Common", name),
                new VipSpec(address, 80, VipProtocol.TCP, Persistence.NONE, null), "sample-backend", null,
                List.of("127.0.0.1:9001"), commit);
    }

    private String origin(String vip) {
        List<WebElement> cells = browser.findElements(By.cssSelector("tr[data-vip='" + vip + "'] td.origin"));
        return cells.isEmpty() ? "" : cells.get(0).getText();
    }

    private List<String> vips() {
        return browser.findElements(By.cssSelector("#vips tbody tr")).stream()
                .map(row -> row.getAttribute("data-vip")).toList();
    }

    private void until(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, DEADLINE).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }
}
