"""Spanish texts for the demo history of Aguas y Energía del Valle S.A. E.S.P.

Written for the demo; people, accounts and amounts are invented. Templates use
``str.format`` fields that ``promesa.demo.history`` fills for each case: ``{barrio}``,
``{municipio}``, ``{direccion}``, ``{contrato}``, ``{monto}``, ``{monto_normal}``,
``{monto_abono}``, ``{mes}``, ``{fecha}``, ``{hora}``, ``{consumo}``, ``{consumo_normal}``,
``{funcionario}``, ``{tecnico}``, ``{oficina}``, ``{dias}``, ``{factura}``, ``{anio}`` and,
in answers, ``{fecha_visita}`` (a date between the filing and the answer).
"""

from __future__ import annotations

from dataclasses import dataclass

# (barrio, municipio)
BARRIOS: tuple[tuple[str, str], ...] = (
    ("Laureles", "Medellín"),
    ("Belén Rosales", "Medellín"),
    ("Robledo", "Medellín"),
    ("Manrique Central", "Medellín"),
    ("Aranjuez", "Medellín"),
    ("Castilla", "Medellín"),
    ("Buenos Aires", "Medellín"),
    ("El Poblado", "Medellín"),
    ("La América", "Medellín"),
    ("San Javier", "Medellín"),
    ("Villa Hermosa", "Medellín"),
    ("Guayabal", "Medellín"),
    ("Doce de Octubre", "Medellín"),
    ("Pedregal", "Medellín"),
    ("Boston", "Medellín"),
    ("Prado Centro", "Medellín"),
    ("Campo Valdés", "Medellín"),
    ("La Floresta", "Medellín"),
    ("Estadio", "Medellín"),
    ("Calasanz", "Medellín"),
    ("Santa Mónica", "Medellín"),
    ("Las Palmas", "Medellín"),
    ("Santa María", "Itagüí"),
    ("Ditaires", "Itagüí"),
    ("San Pío X", "Itagüí"),
    ("Niquía", "Bello"),
    ("Paris", "Bello"),
    ("Cabañas", "Bello"),
    ("Zona Centro", "Envigado"),
    ("La Magnolia", "Envigado"),
    ("El Dorado", "Envigado"),
    ("Mayorca", "Sabaneta"),
    ("Aliadas del Sur", "Sabaneta"),
    ("La Tablaza", "La Estrella"),
    ("Simón Bolívar", "Copacabana"),
    ("La Valeria", "Caldas"),
    ("El Totumo", "Girardota"),
    ("Mirador de Barbosa", "Barbosa"),
)

STREET_KINDS: tuple[str, ...] = ("Calle", "Carrera", "Circular", "Transversal", "Diagonal")

FIRST_NAMES: tuple[str, ...] = (
    "María Camila",
    "Juan David",
    "Luz Marina",
    "Carlos Andrés",
    "Paula Andrea",
    "Jhon Jairo",
    "Ana Milena",
    "Luis Fernando",
    "Gloria Inés",
    "Santiago",
    "Valentina",
    "Jorge Iván",
    "Sandra Patricia",
    "Mateo",
    "Beatriz Elena",
    "Hernán Darío",
    "Yuliana",
    "Sebastián",
    "Rosa Amelia",
    "Alejandro",
    "Natalia",
    "Gustavo Adolfo",
    "Marta Lucía",
    "Wilson",
    "Daniela",
    "Fabio Nelson",
    "Leidy Johana",
    "Óscar Mauricio",
    "Claudia Patricia",
    "Esteban",
)

SURNAMES: tuple[str, ...] = (
    "Restrepo",
    "Gómez",
    "Vélez",
    "Arango",
    "Correa",
    "Ochoa",
    "Montoya",
    "Agudelo",
    "Zuluaga",
    "Cardona",
    "Henao",
    "Giraldo",
    "Jaramillo",
    "Posada",
    "Álvarez",
    "Londoño",
    "Uribe",
    "Betancur",
    "Muñoz",
    "Tobón",
    "Quintero",
    "Escobar",
    "Valencia",
    "Castaño",
    "Builes",
    "Mesa",
    "Sierra",
    "Hoyos",
)

COMPANIES: tuple[str, ...] = (
    "Panadería La Espiga de Oro S.A.S.",
    "Edificio Los Almendros P.H.",
    "Restaurante El Fogón Paisa S.A.S.",
    "Lavandería Burbujas del Sur S.A.S.",
    "Unidad Residencial Balcones de Niquía P.H.",
    "Confecciones Aburrá Textil S.A.S.",
    "Constructora Montañas del Valle S.A.S.",
    "Droguería Salud Total Envigado",
    "Colegio Cooperativo San Fernando",
    "Hotel Parque Lleras S.A.S.",
    "Autolavado La Ochenta",
    "Centro Comercial Plaza Mayorca P.H.",
    "Frigorífico Los Andes S.A.S.",
    "Fundación Hogar del Abuelo Feliz",
)

EMAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.co", "example.net", "example.org")

# Field staff and front-line people that requesters name; they are not system users.
FIELD_STAFF: tuple[str, ...] = (
    "el técnico Jhon Fredy Arango",
    "la lectora Marisol Pérez",
    "el operario Wilmar Estrada",
    "la asesora Yesenia Caro",
    "el cuadrillero Rubén Darío Sánchez",
    "la asesora Natalia Marín de la línea de atención",
    "el ingeniero Mauricio Ríos",
)

OFFICES: tuple[str, ...] = ("Oficina Centro", "Oficina Itagüí")

MONTHS: tuple[str, ...] = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


@dataclass(frozen=True)
class Topic:
    """One kind of request with its legal frame, its routing and its texts."""

    key: str
    kind: str
    regime: str
    request_type: str
    # The area that handles it, by code; ``touchpoints`` name where it usually comes from.
    area: str
    touchpoints: tuple[str, ...]
    weight: int
    subjects: tuple[str, ...]
    descriptions: tuple[str, ...]
    answers: tuple[str, ...]
    anonymous_rate: float = 0.05
    company_rate: float = 0.08
    # When set, the topic is outside the company's competence and is usually transferred.
    transfer_to: tuple[tuple[str, str], ...] = ()


TOPICS: tuple[Topic, ...] = (
    Topic(
        key="cobro_excesivo",
        kind="reclamo",
        regime="co-ley142",
        request_type="pqr",
        area="facturacion",
        touchpoints=("Factura de servicios", "Portal web y app"),
        weight=16,
        company_rate=0.18,
        subjects=(
            "Cobro excesivo en la factura de {mes}",
            "Reclamo por valor facturado de acueducto en {mes}",
            "Factura de {mes} llegó por {monto}, muy por encima de lo normal",
            "Solicito revisión del consumo facturado al contrato {contrato}",
        ),
        descriptions=(
            "Cordial saludo. Vivo en el barrio {barrio} ({municipio}), {direccion}, contrato "
            "{contrato}. La factura del periodo de {mes} me llegó por {monto}, cuando "
            "normalmente pago alrededor de {monto_normal}. En la casa somos tres personas, "
            "no hemos tenido visitas ni fugas visibles y el consumo facturado aparece en "
            "{consumo} m³ cuando lo habitual son {consumo_normal} m³. Solicito la revisión "
            "del cobro y la reliquidación de la factura, y que mientras tanto no me suspendan "
            "el servicio por el valor en reclamo.",
            "Buenas tardes. Presento reclamo por el valor de la factura {factura} del mes de "
            "{mes}: {monto}. El local está cerrado los domingos y el consumo de energía no "
            "pudo duplicarse de un mes a otro. Ya revisé el tablero y no hay equipos nuevos. "
            "Pido que verifiquen la lectura del medidor y, si hay error, me devuelvan lo "
            "cobrado de más en la próxima factura. Dirección: {direccion}, {barrio}.",
            "Les escribo porque en la factura de {mes} aparece un cobro de {monto} que no "
            "corresponde. Pagué puntual la factura anterior el {fecha} y aun así me aparece "
            "un saldo anterior y un interés de mora. Adjunto el comprobante de pago del "
            "banco. Solicito que retiren el saldo y los intereses y me envíen la factura "
            "corregida. Contrato {contrato}, barrio {barrio}.",
            "Soy adulta mayor y vivo sola en {barrio}. Este mes la factura llegó por {monto} "
            "y yo nunca pago más de {monto_normal}. Un vecino me dijo que puede ser un daño "
            "en el medidor. Les pido el favor de mandar a alguien a revisar y de corregir "
            "el cobro, porque con mi pensión no alcanzo a pagar ese valor.",
        ),
        answers=(
            "Atendiendo su reclamo, revisamos el histórico de consumos del contrato "
            "{contrato} y la visita técnica del {fecha_visita} encontró el medidor con una lectura "
            "mal registrada. Reliquidamos el periodo de {mes} con el promedio de los últimos "
            "seis meses ({consumo_normal} m³) y abonaremos {monto_abono} en la próxima "
            "factura. Contra esta decisión proceden los recursos de reposición y, en "
            "subsidio, de apelación ante la Superintendencia de Servicios Públicos "
            "Domiciliarios, dentro de los cinco días hábiles siguientes a su notificación.",
            "Revisamos su reclamo. La visita técnica confirmó que el medidor funciona "
            "correctamente y encontró una fuga interna en el sanitario del segundo piso, "
            "que explica el aumento a {consumo} m³. El cobro de {mes} se mantiene; le "
            "ofrecemos un acuerdo de pago hasta en seis cuotas sin intereses. Proceden los "
            "recursos de reposición y apelación dentro de los cinco días hábiles siguientes.",
            "Verificamos el pago realizado el {fecha} y confirmamos que se aplicó tarde por "
            "un error en el recaudo del banco. Retiramos el saldo anterior y los intereses de "
            "mora ({monto_abono}) y enviamos a su correo la factura corregida. Ofrecemos "
            "excusas por las molestias.",
        ),
    ),
    Topic(
        key="lectura_medidor",
        kind="reclamo",
        regime="co-ley142",
        request_type="pqr",
        area="medicion",
        touchpoints=("Lectura del medidor",),
        weight=9,
        subjects=(
            "El medidor no fue leído en {mes} y cobraron un promedio",
            "Lectura del medidor no coincide con lo facturado",
            "Solicito verificación del medidor de energía del contrato {contrato}",
        ),
        descriptions=(
            "En la factura de {mes} dice 'consumo estimado por imposibilidad de lectura', "
            "pero el medidor está afuera, en la fachada de {direccion}, sin rejas ni perro. "
            "Tomé foto del medidor el {fecha}: marca una lectura mucho menor a la facturada. "
            "Pido que hagan la lectura real y corrijan el cobro de {monto}.",
            "El día {fecha} pasó {tecnico} y anotó una lectura que no es la que marca el "
            "medidor; yo estaba presente y le dije que revisara. En la factura aparecen "
            "{consumo} kWh y el contador va en un número más bajo. Solicito una nueva lectura "
            "con mi presencia. Barrio {barrio}, {municipio}.",
            "Desde hace dos meses el medidor de agua de mi apartamento en {barrio} gira "
            "aunque todas las llaves estén cerradas. Ya cambié el empaque del tanque y sigue "
            "igual. Solicito que verifiquen el medidor en laboratorio y, si está dañado, lo "
            "cambien sin costo, y que revisen los consumos cobrados desde {mes}.",
        ),
        answers=(
            "El {fecha_visita} realizamos lectura de verificación con su presencia. La lectura "
            "real es inferior a la facturada en {mes}, por lo que reliquidamos el periodo y "
            "abonaremos {monto_abono} en la próxima factura. Reforzamos con el contratista de "
            "lectura la ruta de su sector en {barrio}.",
            "El medidor fue retirado y probado en nuestro laboratorio acreditado. El ensayo "
            "mostró un error dentro de los límites permitidos por la norma técnica, por lo "
            "que el consumo facturado es correcto. Encontramos, en cambio, un goteo en la "
            "instalación interna que le recomendamos reparar. Puede interponer recurso de "
            "reposición y en subsidio apelación dentro de los cinco días hábiles siguientes.",
            "Confirmamos que el medidor presentaba daño en el mecanismo de registro. Lo "
            "reemplazamos el {fecha_visita} sin costo para usted y ajustamos los consumos de los "
            "últimos tres periodos al promedio histórico ({consumo_normal} m³).",
        ),
    ),
    Topic(
        key="dano_acometida",
        kind="reclamo",
        regime="co-ley142",
        request_type="pqr",
        area="acueducto",
        touchpoints=("Reparación de daños", "Línea de atención 24 horas"),
        weight=8,
        subjects=(
            "Daño en la acometida de acueducto frente a {direccion}",
            "Acometida rota después de trabajos de la empresa en {barrio}",
            "Sin agua por daño en la acometida desde el {fecha}",
        ),
        descriptions=(
            "El {fecha} una cuadrilla de la empresa hizo una excavación en la acera de "
            "{direccion}, barrio {barrio}, y desde ese día la acometida de mi casa quedó "
            "goteando y el agua llega con muy poca presión. Llamé a la línea y me dieron un "
            "número de reporte, pero nadie ha venido. Solicito la reparación y que reconozcan "
            "el consumo perdido.",
            "Tengo un daño en la acometida entre el medidor y la red. Sale agua por el andén "
            "y ya se está hundiendo el piso. Es una vivienda de dos pisos en {barrio}, "
            "{municipio}. Pido que manden a revisar lo antes posible porque hay niños y "
            "adultos mayores y se está encharcando la entrada.",
            "Después de la reparación de la tubería en la cuadra, la acometida quedó mal "
            "conectada y el agua sale turbia. El técnico dijo que volvían al otro día y no "
            "volvieron. Llevo {dias} días con el problema. Dirección: {direccion}.",
        ),
        answers=(
            "El {fecha_visita} nuestra cuadrilla reparó la acometida de su predio y restableció la "
            "presión normal. El agua perdida por el daño no se le cobrará: ajustamos el "
            "consumo del periodo al promedio histórico. Gracias por su reporte.",
            "Revisamos el punto reportado. El daño está en la instalación interna, después del "
            "medidor, y su reparación corresponde al propietario del inmueble según el "
            "contrato de condiciones uniformes. Le enviamos un listado de recomendaciones y "
            "puede solicitar revisión de consumo si lo requiere.",
            "Cambiamos el tramo de acometida afectado por los trabajos y reconstruimos el "
            "andén. Verificamos la calidad del agua en su grifo y está dentro de los "
            "parámetros. Ofrecemos excusas por la demora en volver.",
        ),
    ),
    Topic(
        key="corte_sin_aviso",
        kind="queja",
        regime="co-ley142",
        request_type="pqr",
        area="contacto",
        touchpoints=("Línea de atención 24 horas", "Redes sociales", "Portal web y app"),
        weight=8,
        subjects=(
            "Corte del servicio sin aviso previo en {barrio}",
            "Suspensión de energía sin notificación el {fecha}",
            "Nos quitaron el agua sin avisar y la factura estaba paga",
        ),
        descriptions=(
            "El {fecha} a las {hora} suspendieron el servicio de energía en la casa sin "
            "ningún aviso, y la factura de {mes} estaba pagada desde hace una semana. Tengo "
            "un congelador con productos para la venta que se dañaron. Solicito la "
            "reconexión inmediata, la explicación del corte y el reconocimiento de los "
            "perjuicios. Contrato {contrato}, {direccion}, {barrio}.",
            "Todo el sector de {barrio} amaneció sin agua el {fecha} y en ninguna parte "
            "publicaron que habría un corte programado. Llamé a la línea y la grabación no "
            "decía nada. Es la tercera vez este año. Pido que avisen con anticipación y que "
            "expliquen por qué no lo hicieron.",
            "Me suspendieron el servicio por una deuda que no es mía: compré el apartamento "
            "en {mes} y el saldo es del dueño anterior. Nunca me notificaron. Solicito que "
            "reconecten y que separen la deuda anterior de mi contrato.",
        ),
        answers=(
            "Verificamos que la suspensión del {fecha} se ordenó por un error en la "
            "aplicación de su pago. Reconectamos el servicio el mismo día sin cobro de "
            "reconexión. Para el reconocimiento de perjuicios puede radicar la reclamación "
            "con las facturas de los productos perdidos.",
            "El corte del {fecha} en {barrio} se debió a un daño imprevisto en la red "
            "matriz, no a un trabajo programado, por lo que no fue posible avisar con "
            "anticipación. Reforzamos la publicación de avisos en redes sociales y en la "
            "línea de atención para las interrupciones no programadas.",
            "Revisamos la titularidad del contrato. La deuda corresponde a periodos anteriores "
            "a su compra; de acuerdo con la ley, el nuevo propietario responde "
            "solidariamente, pero le ofrecemos un acuerdo de pago y reconectamos el servicio "
            "mientras se formaliza.",
        ),
    ),
    Topic(
        key="reconexion",
        kind="peticion",
        regime="co-ley142",
        request_type="pqr",
        area="contacto",
        touchpoints=("Portal web y app", "Línea de atención 24 horas", "Oficina Centro"),
        weight=6,
        subjects=(
            "Solicitud de reconexión del servicio, contrato {contrato}",
            "Pagué hace {dias} días y no me han reconectado",
            "Reconexión de energía pendiente en {barrio}",
        ),
        descriptions=(
            "Pagué la totalidad de la deuda el {fecha} en el corresponsal bancario, incluido "
            "el cargo de reconexión de {monto_normal}. Ya pasaron {dias} días y el servicio "
            "sigue suspendido. Solicito la reconexión inmediata. Dirección {direccion}, "
            "barrio {barrio}, {municipio}.",
            "Hice un acuerdo de pago en la {oficina} el {fecha} y me dijeron que en 24 horas "
            "me reconectaban. Sigo sin servicio y tengo un bebé de meses. Les pido el favor de "
            "enviar la cuadrilla hoy mismo.",
        ),
        answers=(
            "Confirmamos el pago del {fecha}. La orden de reconexión se ejecutó y el servicio "
            "quedó restablecido. El cargo de reconexión no se cobrará de nuevo porque la "
            "demora fue atribuible a la empresa.",
            "Su servicio fue reconectado. La demora se debió a que el pago se registró con un "
            "número de contrato diferente; corregimos la aplicación y le enviamos el "
            "comprobante.",
        ),
    ),
    Topic(
        key="calidad_agua",
        kind="queja",
        regime="co-ley142",
        request_type="pqr",
        area="acueducto",
        touchpoints=("Línea de atención 24 horas", "Redes sociales", "Portal web y app"),
        weight=6,
        subjects=(
            "El agua llega turbia y con olor en {barrio}",
            "Queja por calidad del agua desde el {fecha}",
            "Agua de color amarillo en la llave",
        ),
        descriptions=(
            "Desde el {fecha} el agua en {barrio} sale de color café y con olor a tierra, "
            "sobre todo en las mañanas. Los niños han tenido dolor de estómago y estamos "
            "comprando agua en botella. Pido que analicen el agua del sector y nos informen "
            "si es apta para el consumo.",
            "En el edificio de {direccion} el agua sale con mucho cloro y con partículas "
            "negras. Ya lavamos el tanque de reserva el mes pasado. Solicitamos una visita "
            "para tomar muestras y saber si el problema viene de la red.",
            "Vecinos de la cuadra reportamos agua turbia por {dias} días después de la "
            "reparación del tubo en la esquina. Nadie nos avisó que debíamos dejar correr el "
            "agua. ¿Es segura para cocinar?",
        ),
        answers=(
            "El {fecha_visita} tomamos muestras en la red y en su grifo. Los resultados del "
            "laboratorio cumplen la Resolución 2115 de 2007 (índice de riesgo IRCA sin "
            "riesgo). La turbiedad se debió a la maniobra de reparación en la red; hicimos "
            "purga de la tubería del sector.",
            "La visita encontró que la coloración proviene del tanque de reserva del "
            "edificio, no de la red pública. Le enviamos recomendaciones para su lavado y "
            "desinfección cada seis meses.",
            "Lavamos el tramo de red de {barrio} y aumentamos el monitoreo de cloro residual "
            "durante dos semanas. Los resultados están dentro de la norma; puede consultar "
            "los informes mensuales en nuestro portal.",
        ),
    ),
    Topic(
        key="fuga_calle",
        kind="peticion",
        regime="co-ley142",
        request_type="pqr",
        area="acueducto",
        touchpoints=("Reparación de daños", "Redes sociales", "Línea de atención 24 horas"),
        weight=7,
        anonymous_rate=0.12,
        subjects=(
            "Fuga de agua en la vía, {direccion}",
            "Tubo roto botando agua en {barrio} hace {dias} días",
            "Reporte de fuga en la calle frente a la escuela",
        ),
        descriptions=(
            "Hay una fuga grande en la calzada de {direccion}, barrio {barrio}. El agua corre "
            "por la calle desde hace {dias} días y ya se formó un hueco que es peligroso para "
            "las motos. Por favor envíen una cuadrilla.",
            "Frente a la escuela de {barrio} sale agua limpia de una tapa en el andén. Los "
            "niños juegan ahí y el agua se está desperdiciando. Lo reporté por redes el "
            "{fecha} y no he tenido respuesta.",
            "Informo que en la esquina de {direccion} hay un tubo roto. Se nota que es agua "
            "potable porque sale con presión. Los vecinos estamos preocupados por el "
            "desperdicio y porque el agua está dañando el pavimento.",
        ),
        answers=(
            "Gracias por el reporte. El {fecha_visita} nuestra cuadrilla reparó la fuga en la red "
            "de distribución y dejó la zona señalizada. La reposición del pavimento quedó "
            "programada con la Secretaría de Infraestructura del municipio.",
            "Atendimos la fuga reportada: correspondía a una válvula de la red secundaria que "
            "fue reemplazada. El servicio en el sector no se interrumpió más de tres horas.",
        ),
    ),
    Topic(
        key="atencion_oficina",
        kind="queja",
        regime="co-ley1755",
        request_type="peticion_general",
        area="oficinas",
        touchpoints=("Oficina Centro", "Oficina Itagüí"),
        weight=6,
        anonymous_rate=0.12,
        subjects=(
            "Mala atención en la {oficina}",
            "Esperé más de dos horas en la {oficina} el {fecha}",
            "Queja por trato recibido en la ventanilla",
        ),
        descriptions=(
            "El {fecha} fui a la {oficina} a hacer un acuerdo de pago. Esperé más de dos "
            "horas con un turno preferencial porque tengo 72 años, y solo había dos "
            "ventanillas abiertas de seis. Cuando me atendieron, la persona no quiso "
            "explicarme las cuotas. Pido que mejoren la atención a los adultos mayores.",
            "Quiero dejar una queja por el trato que recibí en la {oficina}. La asesora me "
            "habló de mala manera y me dijo que mi reclamo 'no tenía sentido' sin leerlo. "
            "Exijo un trato respetuoso y que se revise mi caso.",
            "La {oficina} no tiene rampa funcionando y el ascensor lleva semanas dañado. Mi "
            "esposo usa silla de ruedas y tuvimos que esperar en la calle a que alguien "
            "saliera a atendernos. Solicito que adecuen el acceso.",
        ),
        answers=(
            "Lamentamos la experiencia. Revisamos los registros de turnos del {fecha} y "
            "confirmamos la demora por ausencias del personal. Desde este mes habilitamos "
            "una ventanilla exclusiva para atención preferencial en la {oficina}.",
            "Gracias por informarnos. Hablamos con el equipo de la {oficina} y reforzamos el "
            "protocolo de atención. Su solicitud de fondo fue revisada y le respondimos por "
            "separado.",
            "El ascensor fue reparado y dejamos un timbre de atención en la entrada para "
            "personas con movilidad reducida. Agradecemos que nos lo haya hecho saber.",
        ),
    ),
    Topic(
        key="felicitacion",
        kind="felicitacion",
        regime="co-ley1755",
        request_type="peticion_general",
        area="contacto",
        touchpoints=(
            "Portal web y app",
            "Oficina Centro",
            "Oficina Itagüí",
            "Reparación de daños",
            "Redes sociales",
        ),
        weight=5,
        anonymous_rate=0.08,
        subjects=(
            "Felicitación a {funcionario}",
            "Agradecimiento por la atención recibida el {fecha}",
            "Excelente servicio de la cuadrilla en {barrio}",
        ),
        descriptions=(
            "Quiero felicitar a {funcionario} por la atención del {fecha}. Me explicó con "
            "paciencia la factura, me ayudó con el acuerdo de pago y me dio su correo para "
            "cualquier duda. Da gusto que lo atiendan a uno así.",
            "Agradezco a {tecnico} y a su cuadrilla, que llegaron a {barrio} en menos de dos "
            "horas después del reporte, repararon el daño bajo la lluvia y dejaron todo "
            "limpio. Les pido que le hagan llegar este reconocimiento.",
            "Solo quiero decir gracias. Llamé a la línea el {fecha} por un corte y "
            "{funcionario} me mantuvo informado hasta que volvió el servicio.",
        ),
        answers=(
            "Muchas gracias por su mensaje. Lo compartimos con {funcionario} y con su equipo, "
            "y quedó registrado en su hoja de vida como reconocimiento.",
            "Agradecemos sus palabras. Las hicimos llegar a la cuadrilla y a su jefe "
            "inmediato; este tipo de mensajes nos ayuda a seguir mejorando.",
        ),
    ),
    Topic(
        key="sugerencia",
        kind="sugerencia",
        regime="co-ley1755",
        request_type="peticion_general",
        area="contacto",
        touchpoints=("Portal web y app", "Redes sociales", "Oficina Centro"),
        weight=5,
        anonymous_rate=0.25,
        subjects=(
            "Sugerencia: avisos de cortes por WhatsApp",
            "Propuesta para el pago de la factura en la app",
            "Sugerencia sobre los horarios de la {oficina}",
        ),
        descriptions=(
            "Sería muy útil que avisaran los cortes programados por WhatsApp o mensaje de "
            "texto a los usuarios del sector, y no solo en la página web. Muchos adultos "
            "mayores de {barrio} no usan internet.",
            "La app debería permitir pagar con PSE solo una parte de la factura y guardar el "
            "historial de pagos. También sugiero que la factura digital llegue antes de la "
            "fecha de pago; este mes me llegó el {fecha}, un día antes del vencimiento.",
            "Propongo que la {oficina} atienda los sábados en la mañana. Quienes trabajamos "
            "de lunes a viernes no podemos ir en semana, y en la línea no siempre resuelven.",
        ),
        answers=(
            "Gracias por su sugerencia. La evaluamos con el área de comunicaciones y desde "
            "el próximo trimestre probaremos los avisos por mensaje de texto en algunos "
            "sectores.",
            "Agradecemos su propuesta. La incluimos en el plan de mejoras de los canales "
            "digitales; le informaremos cuando esté disponible.",
            "Su sugerencia fue analizada. Por ahora no es posible ampliar el horario, pero "
            "habilitamos el agendamiento de citas en el portal para reducir la espera.",
        ),
    ),
    Topic(
        key="copia_factura",
        kind="peticion",
        regime="co-ley1755",
        request_type="peticion_documentos",
        area="facturacion",
        touchpoints=("Portal web y app", "Oficina Centro", "Oficina Itagüí"),
        weight=6,
        anonymous_rate=0.0,
        company_rate=0.15,
        subjects=(
            "Solicitud de copia de las facturas de {anio}",
            "Copia de la factura {factura}",
            "Certificado de facturación y pagos del contrato {contrato}",
        ),
        descriptions=(
            "Solicito copia de las facturas de los servicios de acueducto, alcantarillado y "
            "energía del contrato {contrato} correspondientes a los meses de enero a {mes} "
            "de {anio}. Las necesito para un trámite de crédito de vivienda. Pueden enviarlas "
            "a mi correo electrónico.",
            "Por favor expedir copia de la factura {factura} del periodo de {mes}, que no me "
            "llegó a la dirección {direccion}, {barrio}. Requiero además la constancia de pago "
            "para presentarla en la administración del conjunto.",
            "Como representante legal solicito un certificado de los valores facturados y "
            "pagados por el contrato {contrato} en el último año, para la declaración de "
            "renta de la empresa.",
        ),
        answers=(
            "Atendiendo su petición, adjuntamos copia de las facturas solicitadas y la "
            "constancia de pagos del contrato {contrato}. También puede descargarlas en el "
            "portal, sección 'Mis facturas'.",
            "Enviamos a su correo el certificado de facturación y pagos del periodo "
            "solicitado, firmado digitalmente.",
        ),
    ),
    Topic(
        key="paz_y_salvo",
        kind="peticion",
        regime="co-ley1755",
        request_type="peticion_documentos",
        area="facturacion",
        touchpoints=("Portal web y app", "Oficina Centro"),
        weight=5,
        anonymous_rate=0.0,
        company_rate=0.25,
        subjects=(
            "Solicitud de paz y salvo del inmueble en {direccion}",
            "Paz y salvo para escrituración, contrato {contrato}",
        ),
        descriptions=(
            "Estoy vendiendo el apartamento ubicado en {direccion}, barrio {barrio}, "
            "{municipio}, y la notaría me pide paz y salvo de servicios públicos. La última "
            "factura la pagué el {fecha}. Solicito que me lo expidan lo antes posible porque "
            "la firma de la escritura es en dos semanas.",
            "Solicitamos paz y salvo de los servicios del lote de la obra en {barrio}, "
            "contrato {contrato}, para el trámite de liquidación del proyecto ante la curaduría.",
        ),
        answers=(
            "Expedimos el paz y salvo del contrato {contrato}, vigente por treinta días, y lo "
            "enviamos a su correo. El inmueble no registra deudas a la fecha.",
            "El contrato registra un saldo de {monto_abono} por el consumo del último periodo, "
            "aún no facturado. Una vez lo cancele podremos expedir el paz y salvo; le "
            "enviamos el cupón de pago anticipado.",
        ),
    ),
    Topic(
        key="consulta_tarifas",
        kind="peticion",
        regime="co-ley1755",
        request_type="consulta",
        area="contacto",
        touchpoints=("Portal web y app", "Línea de atención 24 horas"),
        weight=4,
        subjects=(
            "Consulta sobre el subsidio y el estrato en la factura",
            "Consulta: ¿cómo se calcula el cargo fijo?",
            "Consulta sobre el consumo de subsistencia",
        ),
        descriptions=(
            "Quisiera saber por qué en la factura de {mes} dejó de aparecer el subsidio de "
            "estrato 2 si sigo viviendo en el mismo lugar de {barrio}. ¿Qué debo hacer para "
            "que lo vuelvan a aplicar?",
            "Les consulto cómo se calcula el cargo fijo del acueducto y del alcantarillado y "
            "por qué subió en {mes}. Me gustaría conocer la resolución de la CRA que lo "
            "autoriza.",
            "¿Cuál es el consumo básico o de subsistencia para mi municipio, {municipio}, y "
            "qué pasa si lo supero? Somos siete personas en la vivienda.",
        ),
        answers=(
            "El subsidio depende del estrato asignado por el municipio. En {mes} la Alcaldía "
            "reportó un cambio de estrato para su predio; puede solicitar la revisión ante "
            "el comité permanente de estratificación. Le explicamos el procedimiento en el "
            "documento adjunto.",
            "El cargo fijo se calcula con la metodología tarifaria de la CRA y se actualiza "
            "por el índice de precios al consumidor. Adjuntamos la tabla de tarifas vigente y "
            "la resolución que la soporta.",
            "El consumo de subsistencia para {municipio} es de 13 m³ al mes. El consumo "
            "superior se factura sin subsidio. Para hogares numerosos existe la opción de "
            "solicitar una revisión; le enviamos el formulario.",
        ),
    ),
    Topic(
        key="habeas_actualizar",
        kind="reclamo",
        regime="co-ley1581",
        request_type="reclamo",
        area="contacto",
        touchpoints=("Portal web y app", "Oficina Centro"),
        weight=3,
        anonymous_rate=0.0,
        company_rate=0.0,
        subjects=(
            "Actualización de mis datos personales",
            "Solicitud de supresión de mi número de celular de las bases de datos",
            "Reclamo de habeas data: reportan datos que no son míos",
        ),
        descriptions=(
            "En ejercicio del derecho de habeas data (Ley 1581 de 2012) solicito actualizar "
            "mis datos: cambié de correo y de celular, y me siguen llegando las facturas a "
            "la dirección anterior. Adjunto copia de mi cédula.",
            "Solicito que supriman mi número de celular de sus bases de datos de mercadeo. "
            "Me están llamando para ofrecer seguros y financiación de electrodomésticos y "
            "nunca autoricé ese uso. Quiero seguir recibiendo solo la factura.",
            "Aparezco como titular del contrato {contrato} en {barrio}, pero nunca he vivido "
            "ahí. Pido que corrijan la información y me retiren como titular.",
        ),
        answers=(
            "Actualizamos sus datos de contacto en todas nuestras bases. Desde la próxima "
            "factura recibirá la información en los nuevos datos que nos indicó.",
            "Suprimimos su número de las bases de datos con finalidad comercial. Conservamos "
            "los datos necesarios para la prestación del servicio, como lo permite la "
            "autorización que otorgó al firmar el contrato.",
            "Verificamos los documentos del contrato y corregimos la titularidad. Su nombre "
            "ya no aparece asociado al inmueble.",
        ),
    ),
    Topic(
        key="habeas_consulta",
        kind="peticion",
        regime="co-ley1581",
        request_type="consulta",
        area="contacto",
        touchpoints=("Portal web y app",),
        weight=2,
        anonymous_rate=0.0,
        company_rate=0.0,
        subjects=(
            "Consulta de los datos personales que tienen sobre mí",
            "¿Con quién han compartido mis datos?",
        ),
        descriptions=(
            "En virtud del artículo 14 de la Ley 1581 de 2012, solicito que me informen qué "
            "datos personales míos reposan en sus bases de datos, con qué finalidad los "
            "usan y cuándo di la autorización.",
            "Quiero saber si mis datos fueron compartidos con alguna empresa de cobranza o de "
            "seguros, porque me llamaron el {fecha} mencionando mi contrato {contrato}.",
        ),
        answers=(
            "Le informamos los datos que tratamos: nombre, documento, dirección del predio, "
            "teléfono y correo, con la finalidad de prestar y facturar el servicio. La "
            "autorización consta en el contrato firmado en {anio}. Adjuntamos la política de "
            "tratamiento de datos.",
            "Sus datos se compartieron únicamente con la firma de cobranza contratada por la "
            "empresa, en calidad de encargada del tratamiento. No se han entregado a "
            "aseguradoras. Le enviamos copia del acuerdo de confidencialidad.",
        ),
    ),
    Topic(
        key="denuncia",
        kind="denuncia",
        regime="co-ley1755",
        request_type="peticion_general",
        area="medicion",
        touchpoints=("Portal web y app", "Línea de atención 24 horas"),
        weight=3,
        anonymous_rate=0.55,
        company_rate=0.0,
        subjects=(
            "Denuncia de conexión ilegal de energía en {barrio}",
            "Denuncia: un vecino se está robando el agua",
            "Denuncia por cobro indebido de un supuesto funcionario",
        ),
        descriptions=(
            "Quiero denunciar que en {direccion}, barrio {barrio}, tienen una conexión "
            "directa a la red de energía sin medidor. Se ven los cables pelados pasando por "
            "el techo y es un peligro para los niños.",
            "Un vecino de la cuadra conectó una manguera antes del medidor y llena tanques "
            "para vender agua. Lo hace en las noches. Prefiero no dar mi nombre por miedo a "
            "represalias.",
            "El {fecha} llegó a mi casa una persona con chaleco de la empresa que me ofreció "
            "'arreglar' el medidor para que marcara menos a cambio de {monto_normal}. Le dije "
            "que no. Creo que es importante que lo sepan.",
        ),
        answers=(
            "Gracias por la información. Realizamos una visita de control de pérdidas en el "
            "sector, normalizamos la conexión encontrada e iniciamos el procedimiento "
            "previsto en el contrato de condiciones uniformes.",
            "Su denuncia fue verificada. La persona no es funcionaria ni contratista de la "
            "empresa; pusimos los hechos en conocimiento de la Fiscalía y publicamos una "
            "alerta para los usuarios. Todo nuestro personal porta carné con código QR.",
        ),
    ),
    Topic(
        key="garantia_consumo",
        kind="reclamo",
        regime="co-ley1480",
        request_type="reclamo",
        area="facturacion",
        touchpoints=("Factura de servicios", "Oficina Itagüí"),
        weight=3,
        subjects=(
            "Reclamo por garantía de la nevera financiada en la factura",
            "Cobro de un seguro que no contraté en la factura",
        ),
        descriptions=(
            "En {mes} compré una nevera con el programa de financiación de la empresa, que "
            "se cobra en la factura. A los {dias} días dejó de enfriar y el almacén me dice "
            "que la garantía la debe tramitar la empresa. Solicito el cambio del producto o "
            "la devolución de lo pagado.",
            "Desde {mes} me cobran en la factura un 'seguro de hogar' de {monto_normal} "
            "mensuales que nunca contraté. Solicito la cancelación del seguro y la devolución "
            "de lo cobrado, conforme al Estatuto del Consumidor.",
        ),
        answers=(
            "Tramitamos la garantía con el proveedor: la nevera será reemplazada por una nueva "
            "en los próximos cinco días hábiles y suspendimos el cobro de las cuotas hasta "
            "la entrega.",
            "No encontramos la autorización firmada para el seguro. Lo cancelamos y "
            "abonaremos {monto_abono} en su próxima factura.",
        ),
    ),
    Topic(
        key="alumbrado_publico",
        kind="queja",
        regime="co-ley1755",
        request_type="peticion_general",
        area="contacto",
        touchpoints=("Redes sociales", "Línea de atención 24 horas", "Portal web y app"),
        weight=2,
        anonymous_rate=0.15,
        company_rate=0.0,
        subjects=(
            "Lámparas del alumbrado público apagadas en {barrio}",
            "Poste de alumbrado sin luz hace {dias} días",
        ),
        descriptions=(
            "En la cuadra de {direccion}, barrio {barrio}, hay cuatro lámparas del alumbrado "
            "público apagadas hace {dias} días. De noche está muy oscuro y ya robaron a una "
            "vecina. Solicitamos su reparación.",
            "El poste de la esquina del parque de {barrio} tiene la lámpara dañada y "
            "parpadea toda la noche. Pedimos que la cambien.",
        ),
        answers=(
            "El alumbrado público de {municipio} lo opera el municipio a través de su "
            "concesionario. Trasladamos su solicitud y le informamos el número de radicado "
            "para su seguimiento.",
        ),
        transfer_to=(
            (
                "Secretaría de Infraestructura Física de {municipio}",
                "El alumbrado público es competencia del municipio (Decreto 943 de 2018); la "
                "empresa no opera esas luminarias.",
            ),
        ),
    ),
    Topic(
        key="aseo_basuras",
        kind="queja",
        regime="co-ley1755",
        request_type="peticion_general",
        area="contacto",
        touchpoints=("Línea de atención 24 horas", "Portal web y app", "Factura de servicios"),
        weight=2,
        company_rate=0.05,
        subjects=(
            "No han recogido las basuras en {barrio}",
            "Cobro de aseo en la factura sin que pase el carro recolector",
        ),
        descriptions=(
            "Hace {dias} días el carro de la basura no pasa por {direccion}, barrio "
            "{barrio}. Las bolsas se acumulan en la esquina y hay ratas. En la factura sí nos "
            "siguen cobrando el aseo.",
            "El servicio de aseo que aparece en la factura unificada no se está prestando "
            "en nuestra vereda. Solicito que revisen el cobro de {monto_normal} mensuales.",
        ),
        answers=(
            "El servicio de aseo lo presta otra empresa y solo se factura de manera conjunta. "
            "Trasladamos su queja al prestador para que responda de fondo.",
        ),
        transfer_to=(
            (
                "Empresa de aseo del municipio de {municipio}",
                "La recolección de residuos la presta otra empresa; Aguas y Energía del "
                "Valle solo la incluye en la factura conjunta (Ley 142, art. 147).",
            ),
        ),
    ),
    Topic(
        key="estratificacion",
        kind="peticion",
        regime="co-ley1755",
        request_type="peticion_general",
        area="contacto",
        touchpoints=("Portal web y app", "Oficina Centro", "Oficina Itagüí"),
        weight=1,
        company_rate=0.0,
        subjects=(
            "Solicitud de cambio de estrato del predio en {barrio}",
            "Me subieron de estrato sin visita",
        ),
        descriptions=(
            "Mi casa en {barrio}, {municipio}, aparece ahora como estrato 4 y siempre fue "
            "estrato 3. Nadie vino a hacer visita. Solicito que me devuelvan el estrato "
            "anterior, porque la factura subió a {monto}.",
            "Pido la revisión del estrato de la vivienda ubicada en {direccion}. Es una casa "
            "de bahareque en una calle sin pavimentar y la clasificaron en estrato 3.",
        ),
        answers=(
            "La estratificación la define el municipio. Trasladamos su solicitud al comité "
            "permanente de estratificación y aplicaremos el estrato que ese comité decida.",
        ),
        transfer_to=(
            (
                "Departamento Administrativo de Planeación de {municipio}",
                "La asignación del estrato es competencia del municipio (Ley 142, art. 101); "
                "la empresa solo aplica el estrato que le reportan.",
            ),
        ),
    ),
)

# Requests to complete a filing (Ley 1755 art. 17; Ley 1581 art. 15).
CLARIFICATION_REQUESTS: tuple[str, ...] = (
    "Para continuar con el trámite necesitamos el número de contrato o de cuenta que aparece "
    "en la parte superior de la factura. Por favor respóndanos por este mismo medio.",
    "Le solicitamos adjuntar una foto legible de la factura de {mes} y, si es posible, una "
    "foto del medidor en la que se vea la lectura actual.",
    "Para atender su solicitud sobre datos personales debemos verificar su identidad. Por "
    "favor adjunte copia de su documento de identidad por ambas caras.",
    "Indíquenos la dirección exacta del daño (calle, carrera y número) o un punto de "
    "referencia cercano, para que la cuadrilla pueda ubicarlo.",
    "Su solicitud no indica a qué inmueble se refiere. Por favor envíenos la dirección del "
    "predio y el nombre del titular del contrato.",
    "Como actúa en nombre de la empresa, le pedimos el certificado de existencia y "
    "representación legal con vigencia no mayor a 30 días.",
    "Necesitamos que nos indique en qué fecha y en qué oficina fue atendido, para poder "
    "revisar los registros de turnos.",
)

CLARIFICATION_REPLIES: tuple[str, ...] = (
    "Buenos días, el número de contrato es {contrato}. Quedo atento.",
    "Adjunto la foto de la factura y del medidor, que hoy marca una lectura menor a la facturada.",
    "Envío copia de mi cédula por ambas caras, como me pidieron.",
    "La dirección es {direccion}, barrio {barrio}, al lado de la tienda de la esquina.",
    "Adjunto el certificado de cámara de comercio solicitado.",
    "Fue en la {oficina} el {fecha} en la tarde, con el turno P-214.",
    "Les envío los datos que faltaban. El titular es mi mamá, que vive conmigo.",
)

EXTENSION_REASONS: tuple[str, ...] = (
    "La respuesta de fondo requiere una visita técnica conjunta con el contratista de "
    "medición, que se programó para los próximos días.",
    "Se requiere el resultado del ensayo del medidor en el laboratorio acreditado, que "
    "tarda más que el término inicial.",
    "Estamos reuniendo información de varias dependencias (facturación, cartera y "
    "operaciones) para responder todos los puntos planteados.",
    "La solicitud comprende copias de documentos de varios años que deben buscarse en el "
    "archivo central.",
    "La verificación de la información en las bases de datos de los encargados del "
    "tratamiento requiere un plazo adicional (Ley 1581 de 2012).",
)

REOPEN_REASONS: tuple[str, ...] = (
    "El usuario manifiesta que el abono prometido no se reflejó en la factura siguiente.",
    "El peticionario informa que la respuesta no atendió todos los puntos de su solicitud.",
    "La cuadrilla no ejecutó la reparación anunciada en la respuesta; el daño persiste.",
    "Control interno detectó que la respuesta se envió a una dirección de correo errada.",
)

EXPRESS_WITHDRAWAL_REASONS: tuple[str, ...] = (
    "El usuario llamó a la línea de atención para desistir: el problema se resolvió solo.",
    "El peticionario presentó escrito de desistimiento expreso.",
    "El usuario informa que ya obtuvo el documento por el portal y no requiere respuesta.",
    "El solicitante desiste porque radicó la misma solicitud por otro canal.",
)

TACIT_WITHDRAWAL_REASON = (
    "Desistimiento tácito: venció el plazo de un mes sin que el peticionario completara la "
    "solicitud (art. 17 de la Ley 1437 de 2011, sustituido por la Ley 1755 de 2015)."
)

TRANSFER_REASONS_GENERIC: tuple[tuple[str, str], ...] = (
    (
        "Superintendencia de Servicios Públicos Domiciliarios",
        "El usuario pide la intervención de la Superintendencia; remitimos por competencia.",
    ),
    (
        "Empresa de gas natural del Valle de Aburrá",
        "La solicitud se refiere al servicio de gas natural, que presta otra empresa.",
    ),
)

# Notes when a case is moved to another area: (target area code, note).
MOVE_NOTES: dict[str, str] = {
    "facturacion": "Se remite a Facturación para revisión del cobro.",
    "medicion": "Corresponde a Medición y Lectura: requiere verificación del medidor.",
    "acueducto": "Se remite a Acueducto para visita técnica en terreno.",
    "alcantarillado": "El daño parece estar en la red de alcantarillado; se remite.",
    "energia": "Se trata de la red de distribución de energía; se remite al área.",
    "cartera": "Se remite a Cartera y Cobranza por el acuerdo de pago.",
    "juridica": "Requiere concepto de la Oficina Jurídica antes de responder.",
}
