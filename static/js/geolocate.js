// 「現在地から近い順にする」: asks the browser for the position only when the button is pressed,
// and sends it in the body of a POST to this same search, never in the URL (so it is in no
// access log) and never stored. Without JavaScript or geolocation the button stays hidden and
// the station or city field does the same job.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-geolocate]");
  const form = document.querySelector("[data-position-form]");
  if (!box || !form || !("geolocation" in navigator)) return;
  const status = box.querySelector("[data-geolocate-status]");
  box.hidden = false;
  box.querySelector("[data-geolocate-button]").addEventListener("click", () => {
    status.textContent = "現在地を確かめています…";
    navigator.geolocation.getCurrentPosition(
      (position) => {
        // About 100 m is enough to sort by distance.
        form.elements.lat.value = position.coords.latitude.toFixed(3);
        form.elements.lon.value = position.coords.longitude.toFixed(3);
        status.textContent = "現在地から近い順に並べています…";
        form.submit();
      },
      () => {
        status.textContent =
          "現在地がわかりませんでした。駅名か市区町村を入れて「この条件でさがす」を押してください。";
      },
      { timeout: 15000, maximumAge: 600000 },
    );
  });
});
