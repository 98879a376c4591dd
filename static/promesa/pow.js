/* Optional proof of work for the public filing form (SPAM_PROOF_OF_WORK_BITS > 0).
   Finds a nonce such that sha256(challenge + nonce) starts with N zero bits, in the
   background while the person writes, and holds the submit until it is found. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow-bits]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var bits = parseInt(form.getAttribute("data-pow-bits"), 10);
  var input = form.querySelector("input[data-pow-challenge]");
  var status = form.querySelector(".pow-status");
  if (!input || !bits) { return; }
  var challenge = input.getAttribute("data-pow-challenge");
  var encoder = new TextEncoder();
  var done = false;
  var waiting = false;

  function zeroBits(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count += 1; b <<= 1; }
      break;
    }
    return count;
  }

  function search(nonce) {
    var batch = [];
    for (var i = 0; i < 64; i++) {
      batch.push(window.crypto.subtle.digest("SHA-256", encoder.encode(challenge + (nonce + i))));
    }
    return Promise.all(batch).then(function (digests) {
      for (var j = 0; j < digests.length; j++) {
        if (zeroBits(new Uint8Array(digests[j])) >= bits) { return nonce + j; }
      }
      return search(nonce + 64);
    });
  }

  search(0).then(function (nonce) {
    input.value = String(nonce);
    done = true;
    if (waiting) { form.submit(); }
  });

  form.addEventListener("submit", function (event) {
    if (done) { return; }
    event.preventDefault();
    waiting = true;
    if (status) {
      status.hidden = false;
      status.textContent = form.getAttribute("data-pow-wait") || "…";
    }
  });
})();
