/* Pick the initiative's place on a map. The latitude and longitude fields stay the way to
   do it by keyboard (or to leave both empty for the centre of the buurt); the map only fills
   them in and follows what is typed. Without Leaflet the map stays hidden. */
(function () {
  "use strict";
  function start() {
    var box = document.querySelector(".map-picker");
    if (!box || typeof window.L === "undefined") {
      return;
    }
    var latField = document.getElementById(box.dataset.latField);
    var lonField = document.getElementById(box.dataset.lonField);
    if (!latField || !lonField) {
      return;
    }
    box.hidden = false;
    var L = window.L;
    var lat = parseFloat(latField.value.replace(",", "."));
    var lon = parseFloat(lonField.value.replace(",", "."));
    var hasPoint = isFinite(lat) && isFinite(lon);
    var map = L.map(box.querySelector(".map-picker__map"), { keyboard: true }).setView(
      hasPoint ? [lat, lon] : [52.16, 5.39], hasPoint ? 15 : 8
    );
    L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 19 }).addTo(map);
    var marker = hasPoint ? L.marker([lat, lon], { keyboard: false }).addTo(map) : null;
    function place(point) {
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.marker(point, { keyboard: false }).addTo(map);
      }
    }
    map.on("click", function (event) {
      latField.value = event.latlng.lat.toFixed(5);
      lonField.value = event.latlng.lng.toFixed(5);
      place(event.latlng);
    });
    function follow() {
      var typedLat = parseFloat(latField.value.replace(",", "."));
      var typedLon = parseFloat(lonField.value.replace(",", "."));
      if (isFinite(typedLat) && isFinite(typedLon)) {
        place([typedLat, typedLon]);
        map.panTo([typedLat, typedLon]);
      }
    }
    latField.addEventListener("change", follow);
    lonField.addEventListener("change", follow);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
