// Boots the WebAssembly app. Kept out of the HTML so the Content-Security-Policy
// needs no 'unsafe-inline'. Written by `cargo xtask` with the hashed names.
import init from "/assets/{{js}}";

init({ module_or_path: "/assets/{{wasm}}" }).catch((error) => {
  console.error(error);
  const message = document.createElement("p");
  message.setAttribute("role", "alert");
  message.className = "boot-error";
  message.textContent =
    "Không tải được ứng dụng. Hãy tải lại trang. — The app could not be loaded; please reload the page.";
  document.body.append(message);
});

// The service worker keeps this build's shell for offline use. Failing to
// register it costs offline start-up, not the app.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => {
    console.warn("service worker not registered:", error);
  });
}
