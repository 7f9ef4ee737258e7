// The results map: an enhancement of the list above it, which holds the same offices in the
// same order. Leaflet makes the map keyboard-usable (arrows, + and −) and its markers
// focusable; each marker is named like its line in the list. Tiles come from the server set
// in MAP_TILE_URL; the section stays hidden without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const section = document.querySelector("[data-results-map]");
  const source = document.getElementById("map-data");
  if (!section || !source || !window.L || !L.markerClusterGroup) return;
  const data = JSON.parse(source.textContent);
  section.hidden = false;
  L.Icon.Default.imagePath = section.dataset.imagePath;
  const map = L.map(section.querySelector(".results-map__map"), { scrollWheelZoom: false });
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
  // Offices close together are one marker until zoomed in, so no marker hides another
  // (and every one stays a target of at least 44 pixels).
  const group = L.markerClusterGroup({
    showCoverageOnHover: false,
    iconCreateFunction: (cluster) =>
      L.divIcon({
        className: "map-cluster",
        html: `<span>${cluster.getChildCount()}件</span><span class="visually-hidden">の事業所。選ぶと地図を拡大します</span>`,
        iconSize: [44, 44],
      }),
  });
  const points = [];
  for (const office of data.offices) {
    const name = `${office.number}. ${office.name}`;
    const link = document.createElement("a");
    link.href = office.url;
    link.textContent = name;
    group.addLayer(
      L.marker([office.lat, office.lon], { title: name, alt: name, keyboard: true }).bindPopup(
        link,
      ),
    );
    points.push([office.lat, office.lon]);
  }
  // Enter on a group zooms in as a click does; focus goes to the map, as the group is gone.
  group.on("clusterkeypress", (event) => {
    if (event.originalEvent.key !== "Enter") return;
    event.layer.zoomToBounds({ padding: [24, 24] });
    map.getContainer().focus();
  });
  map.addLayer(group);
  if (data.origin) {
    L.circleMarker([data.origin.lat, data.origin.lon], { radius: 9, weight: 3 })
      .addTo(map)
      .bindTooltip(`${data.origin.label}（ここから近い順）`);
    points.push([data.origin.lat, data.origin.lon]);
  }
  map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
});
